using System.Globalization;
using Cnfpt.OpenApi.Core.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Cnfpt.OpenApi.Api.Auth;

/// <summary>
/// Turns the authenticated client into a <see cref="Caller"/>: its kind and the collectivités it acts for
/// (a vendor's active mandates, a collectivité IT's own collectivité, all for the back office). The scoped
/// <see cref="CnfptDbContext"/> gets that tenant scope, so every tenant-owned query is filtered in SQL.
/// </summary>
internal sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CallerAccessor accessor, IDbContextFactory<CnfptDbContext> contexts)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true
            && user.GetClaim(OpenIddictConstants.Claims.Subject) is { } clientId
            && Enum.TryParse<CallerKind>(user.GetClaim(CnfptClaims.ClientKind), out var kind))
        {
            accessor.Caller = kind switch
            {
                CallerKind.BackOffice => new Caller(kind, clientId, null, TenantScope.All),
                CallerKind.Collectivite when int.TryParse(user.GetClaim(CnfptClaims.CollectiviteId), NumberStyles.None, CultureInfo.InvariantCulture, out var own)
                    => new Caller(kind, clientId, own, TenantScope.Of([own])),
                CallerKind.Vendor => new Caller(kind, clientId, null, TenantScope.Of(await ActiveMandatesAsync(contexts, clientId, context.RequestAborted))),
                _ => Caller.Anonymous,
            };

            // OpenIddict's token validation may already have created the request's context (to check the
            // token entry) before the caller was known: scope that instance too.
            context.RequestServices.GetRequiredService<CnfptDbContext>().Tenant = accessor.Caller.Tenant;
        }

        await next(context);
    }

    private static async Task<List<int>> ActiveMandatesAsync(IDbContextFactory<CnfptDbContext> contexts, string clientId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Tenant = TenantScope.All;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return await db.Mandates
            .Where(m => m.ClientId == clientId && m.RevokedAt == null && m.StartsOn <= today && (m.EndsOn == null || m.EndsOn >= today))
            .Select(m => m.CollectiviteId)
            .ToListAsync(cancellationToken);
    }
}
