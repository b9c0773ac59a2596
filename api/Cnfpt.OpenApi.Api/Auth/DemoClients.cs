using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Auth;

/// <summary>
/// The sandbox's demo clients: two vendors with mandates over different (partly overlapping) collectivités,
/// one collectivité's IT and one back-office application. Their secrets are public on purpose (README):
/// they exist only in the sandbox database, never in a real deployment.
/// </summary>
internal static class DemoClients
{
    public sealed record Demo(string ClientId, string Secret, string DisplayName, CallerKind Kind, int? CollectiviteId);

    public static readonly Demo VendorA = new("demo-vendor-a", "sandbox-secret-vendor-a", "Éditeur A — Paie territoriale (démo)", CallerKind.Vendor, null);
    public static readonly Demo VendorB = new("demo-vendor-b", "sandbox-secret-vendor-b", "Éditeur B — SIRH public (démo)", CallerKind.Vendor, null);
    public static readonly Demo CollectiviteIt = new("demo-collectivite-1", "sandbox-secret-collectivite-1", "DSI de la collectivité n° 1 (démo)", CallerKind.Collectivite, 1);
    public static readonly Demo BackOffice = new("demo-backoffice", "sandbox-secret-backoffice", "CNFPT back office (démo)", CallerKind.BackOffice, null);

    public static IReadOnlyList<Demo> All { get; } = [VendorA, VendorB, CollectiviteIt, BackOffice];

    /// <summary>Registers the demo clients and their mandates unless they exist.</summary>
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        foreach (var demo in All)
        {
            if (await clients.FindSummaryAsync(demo.ClientId, cancellationToken) is null)
            {
                await clients.RegisterAsync(new ClientRegistration(demo.ClientId, demo.DisplayName, demo.Kind, demo.CollectiviteId, Scopes.AllowedFor(demo.Kind)), demo.Secret, cancellationToken);
            }
        }

        var db = scope.ServiceProvider.GetRequiredService<CnfptDbContext>();
        db.Tenant = TenantScope.All;
        if (await db.Mandates.AnyAsync(m => m.ClientId == VendorA.ClientId || m.ClientId == VendorB.ClientId, cancellationToken))
        {
            return;
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var granted = DateTimeOffset.UtcNow;
        Mandate Grant(string clientId, int collectivite, DateOnly? endsOn = null, bool revoked = false) => new()
        {
            ClientId = clientId, CollectiviteId = collectivite, StartsOn = today.AddYears(-1), EndsOn = endsOn,
            GrantedAt = granted, GrantedBy = CollectiviteIt.ClientId, RevokedAt = revoked ? granted : null, RevokedBy = revoked ? BackOffice.ClientId : null,
        };

        // Vendor A acts for collectivités 1–12, vendor B for 10–22: 10–12 changed vendor and granted both.
        db.Mandates.AddRange(Enumerable.Range(1, 12).Select(id => Grant(VendorA.ClientId, id)));
        db.Mandates.Add(Grant(VendorA.ClientId, 13, revoked: true));
        db.Mandates.Add(Grant(VendorA.ClientId, 14, endsOn: today.AddDays(-1)));
        db.Mandates.AddRange(Enumerable.Range(10, 13).Select(id => Grant(VendorB.ClientId, id)));
        await db.SaveChangesAsync(cancellationToken);
    }
}
