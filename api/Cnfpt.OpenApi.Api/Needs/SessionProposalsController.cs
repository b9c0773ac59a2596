using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Needs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Needs;

/// <summary>
/// Session proposals, opened automatically when a périmètre's pooled demand for a course reaches its threshold; the
/// back office schedules them (a session reserved to the périmètre, named agents pre-registered) or declines them.
/// </summary>
[RequiresScope(Scopes.EnrolmentsManage)]
public sealed class SessionProposalsController(CnfptDbContext db, NeedsWorkflow workflow, CallerAccessor caller) : ODataController
{
    /// <summary>Lists session proposals; the open ones: <c>$filter=status eq 'Proposed'</c>.</summary>
    [CnfptQuery]
    public IQueryable<SessionProposal> Get() => db.SessionProposals.AsNoTracking();

    /// <summary>Reads one proposal.</summary>
    [CnfptQuery]
    public SingleResult<SessionProposal> Get(int key) => SingleResult.Create(db.SessionProposals.AsNoTracking().Where(p => p.Id == key));

    /// <summary>Schedules the proposal: creates a session reserved to the périmètre and enrols the named agents behind it.</summary>
    /// <remarks>
    /// Only <c>startDate</c> is required; the end follows from the course's duration, the capacity from the demand
    /// (at least the threshold), the place from the needs' preferred commune or the délégation. The session's id is
    /// <c>scheduledSessionId</c>; its enrolments go through the usual workflow (AR, seat or waitlist).
    /// </remarks>
    [HttpPost]
    [ProducesResponseType(typeof(SessionProposal), StatusCodes.Status200OK, "application/json")]
    public async Task<IActionResult> Schedule([FromODataUri] int key, ODataActionParameters parameters, CancellationToken cancellationToken)
    {
        await EnsureExistsAsync(key, cancellationToken);
        var start = DateOf(parameters, "startDate") ?? throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "startDate is required.", "startDate");
        var request = new ScheduleRequest(start, DateOf(parameters, "endDate"), Value(parameters, "capacity") as int?,
            Value(parameters, "communeCode") as string, Value(parameters, "venue") as string);
        var (proposal, _, _) = await workflow.ScheduleAsync(key, request, caller.Caller.ClientId!, cancellationToken);
        return Ok(proposal);
    }

    /// <summary>Declines the proposal with a reason the collectivités read; its needs become Declined.</summary>
    [HttpPost]
    [ProducesResponseType(typeof(SessionProposal), StatusCodes.Status200OK, "application/json")]
    public async Task<IActionResult> Decline([FromODataUri] int key, ODataActionParameters parameters, CancellationToken cancellationToken)
    {
        await EnsureExistsAsync(key, cancellationToken);
        return Ok(await workflow.DeclineAsync(key, Value(parameters, "reason") as string, cancellationToken));
    }

    /// <summary>An unknown proposal is a 404 whatever the parameters say.</summary>
    private async Task EnsureExistsAsync(int key, CancellationToken cancellationToken)
    {
        if (!await db.SessionProposals.AnyAsync(p => p.Id == key, cancellationToken))
        {
            throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No session proposal {key}.");
        }
    }

    private static object? Value(ODataActionParameters? parameters, string name) =>
        parameters is not null && parameters.TryGetValue(name, out var value) ? value : null;

    private static DateOnly? DateOf(ODataActionParameters? parameters, string name) => Value(parameters, name) switch
    {
        DateOnly date => date,
#pragma warning disable CS0618 // ODL 8 hands Edm.Date parameters over as Microsoft.OData.Edm.Date.
        Microsoft.OData.Edm.Date date => new DateOnly(date.Year, date.Month, date.Day),
#pragma warning restore CS0618
        _ => null,
    };
}
