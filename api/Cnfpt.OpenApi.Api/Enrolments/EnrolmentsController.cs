using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Api.OpenApi;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Enrolments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Enrolments;

/// <summary>
/// Bulletins d'inscription: submitted by a vendor's suite or a collectivité's IT, acknowledged at receipt (AR),
/// accepted while seats remain or waitlisted, then attended or absent; cancellable until the session starts.
/// Every transition is an event. docs/enrolment.md draws the state machine.
/// </summary>
public sealed class EnrolmentsController(CnfptDbContext db, EnrolmentWorkflow workflow, CallerAccessor caller) : ODataController
{
    /// <summary>Lists the enrolments of the collectivités the caller acts for.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public IQueryable<Enrolment> Get() => db.Enrolments.AsNoTracking();

    /// <summary>Reads one enrolment; its ETag is the version to send in If-Match.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public Task<IActionResult> Get(int key, CancellationToken cancellationToken) =>
        ETags.SingleAsync(this, db.Enrolments.AsNoTracking().Where(e => e.Id == key), e => e.Version, cancellationToken);

    /// <summary>The enrolment's history: every transition with who, when and why.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    [ProducesResponseType<ODataPage<EnrolmentEvent>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetEvents(int key, CancellationToken cancellationToken) =>
        await db.Enrolments.AnyAsync(e => e.Id == key, cancellationToken)
            ? Ok(db.EnrolmentEvents.AsNoTracking().Where(e => e.EnrolmentId == key).OrderBy(e => e.Id))
            : NotFound();

    /// <summary>The accusé de réception of the bulletin: JSON, or the A4 document with <c>Accept: application/pdf</c>.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public async Task<IActionResult> GetAcknowledgement(int key, CancellationToken cancellationToken)
    {
        if (!Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/pdf", StringComparison.OrdinalIgnoreCase)))
        {
            return Ok(SingleResult.Create(db.Acknowledgements.AsNoTracking().Where(a => a.EnrolmentId == key)));
        }

        var document = await AcknowledgementDocuments.LoadAsync(db, key, cancellationToken);
        return document is null
            ? NotFound()
            : File(Core.Documents.AcknowledgementPdf.Render(document), "application/pdf", $"{document.Number}.pdf");
    }

    /// <summary>Submits a bulletin. It is acknowledged at once (AR), then accepted if a seat is left, waitlisted otherwise.</summary>
    [RequiresScope(Scopes.EnrolmentsWrite)]
    [ProducesResponseType<Enrolment>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Post([FromBody] EnrolmentRequest request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new Errors.ApiProblemException(StatusCodes.Status400BadRequest, Errors.ProblemCodes.ValidationFailed,
                "A JSON body {agentId, sessionId, motive, obligationKind?, comment?} is required.", "body");
        }

        var enrolment = await workflow.SubmitAsync(request, caller.Caller.ClientId!, cancellationToken);
        ETags.Set(Response, enrolment.Version);
        return Created(enrolment);
    }

    /// <summary>Cancels the enrolment (the collectivité, until the session starts, with a reason). Frees the seat for the waitlist.</summary>
    [HttpPost]
    [RequiresScope(Scopes.EnrolmentsWrite)]
    public Task<IActionResult> Cancel([FromODataUri] int key, ODataActionParameters parameters, CancellationToken cancellationToken) =>
        ApplyAsync(key, EnrolmentTransition.Cancel, parameters, cancellationToken);

    /// <summary>Accepts a waitlisted or acknowledged enrolment if a seat is left (back office).</summary>
    [HttpPost]
    [RequiresScope(Scopes.EnrolmentsManage)]
    public Task<IActionResult> Accept([FromODataUri] int key, ODataActionParameters parameters, CancellationToken cancellationToken) =>
        ApplyAsync(key, EnrolmentTransition.Accept, parameters, cancellationToken);

    /// <summary>Refuses the enrolment, with a reason (back office).</summary>
    [HttpPost]
    [RequiresScope(Scopes.EnrolmentsManage)]
    public Task<IActionResult> Refuse([FromODataUri] int key, ODataActionParameters parameters, CancellationToken cancellationToken) =>
        ApplyAsync(key, EnrolmentTransition.Refuse, parameters, cancellationToken);

    /// <summary>Records that the agent attended (back office, from the session's start).</summary>
    [HttpPost]
    [RequiresScope(Scopes.AttendanceWrite)]
    public Task<IActionResult> MarkAttended([FromODataUri] int key, ODataActionParameters parameters, CancellationToken cancellationToken) =>
        ApplyAsync(key, EnrolmentTransition.MarkAttended, parameters, cancellationToken);

    /// <summary>Records that the agent was absent (back office, from the session's start).</summary>
    [HttpPost]
    [RequiresScope(Scopes.AttendanceWrite)]
    public Task<IActionResult> MarkAbsent([FromODataUri] int key, ODataActionParameters parameters, CancellationToken cancellationToken) =>
        ApplyAsync(key, EnrolmentTransition.MarkAbsent, parameters, cancellationToken);

    private async Task<IActionResult> ApplyAsync(int key, EnrolmentTransition transition, ODataActionParameters? parameters, CancellationToken cancellationToken)
    {
        if (!await db.Enrolments.AnyAsync(e => e.Id == key, cancellationToken))
        {
            return NotFound();
        }

        var expected = ETags.Expected(Request);
        var reason = parameters is not null && parameters.TryGetValue("reason", out var r) ? r as string : null;
        var enrolment = await workflow.ApplyAsync(key, transition, expected, caller.Caller.ClientId!, reason, cancellationToken);
        ETags.Set(Response, enrolment.Version);
        return Ok(enrolment);
    }
}
