using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tenancy;

/// <summary>
/// Mandates: a collectivité's grant to a vendor's application to act for it. A vendor sees the mandates it
/// holds; a collectivité's IT grants and revokes its own; the back office all of them.
/// </summary>
public sealed class MandatesController(CnfptDbContext db, CallerAccessor caller, ClientRegistry clients) : ODataController
{
    /// <summary>Lists the mandates that concern the caller.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.MandatesRead)]
    public IQueryable<Mandate> Get() => Visible();

    /// <summary>Reads one mandate.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.MandatesRead)]
    public SingleResult<Mandate> Get(int key) => SingleResult.Create(Visible().Where(m => m.Id == key));

    /// <summary>Grants a mandate to a vendor's client for a collectivité the caller acts for.</summary>
    [RequiresScope(Scopes.MandatesWrite)]
    public async Task<IActionResult> Post([FromBody] MandateGrant grant, CancellationToken cancellationToken)
    {
        var me = caller.Caller;
        if (grant is null)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "A JSON body {collectiviteId, clientId, startsOn, endsOn} is required.");
        }

        if (!me.Tenant.Allows(grant.CollectiviteId) || !await db.Collectivites.AnyAsync(c => c.Id == grant.CollectiviteId, cancellationToken))
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, ProblemCodes.NotMandated,
                $"You cannot grant mandates for collectivité {grant.CollectiviteId}: a collectivité's IT grants mandates for its own collectivité only.", "collectiviteId");
        }

        if (await clients.FindSummaryAsync(grant.ClientId, cancellationToken) is not { Kind: CallerKind.Vendor })
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, $"'{grant.ClientId}' is not a registered vendor client.", "clientId");
        }

        var startsOn = grant.StartsOn ?? DateOnly.FromDateTime(DateTime.UtcNow);
        if (grant.EndsOn is { } end && end < startsOn)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "endsOn is before startsOn.", "endsOn");
        }

        var mandate = new Mandate
        {
            CollectiviteId = grant.CollectiviteId,
            ClientId = grant.ClientId,
            StartsOn = startsOn,
            EndsOn = grant.EndsOn,
            GrantedAt = DateTimeOffset.UtcNow,
            GrantedBy = me.ClientId!,
        };
        db.Mandates.Add(mandate);
        await db.SaveChangesAsync(cancellationToken);
        return Created(mandate);
    }

    /// <summary>Revokes a mandate: the vendor loses access to the collectivité at its next request.</summary>
    [HttpPost]
    [RequiresScope(Scopes.MandatesWrite)]
    public async Task<IActionResult> Revoke([FromODataUri] int key, CancellationToken cancellationToken)
    {
        var mandate = await Visible().FirstOrDefaultAsync(m => m.Id == key, cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No mandate {key}.");
        if (mandate.RevokedAt is null)
        {
            mandate.RevokedAt = DateTimeOffset.UtcNow;
            mandate.RevokedBy = caller.Caller.ClientId;
            await db.SaveChangesAsync(cancellationToken);
        }

        return Ok(mandate);
    }

    // The tenant filter shows a collectivité's IT its own collectivité's mandates; a vendor acts for
    // collectivités through its *active* mandates only, so it is shown the ones it holds, active or not.
    private IQueryable<Mandate> Visible() => caller.Caller.Kind == CallerKind.Vendor
        ? db.Mandates.IgnoreQueryFilters().Where(m => m.ClientId == caller.Caller.ClientId)
        : db.Mandates;
}

/// <summary>The body of a mandate grant.</summary>
public sealed record MandateGrant(int CollectiviteId, string ClientId, DateOnly? StartsOn, DateOnly? EndsOn);
