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

namespace Cnfpt.OpenApi.Api.ELearning;

/// <summary>A learner's question to a module's remote tutor, sent for an agent of a collectivité the caller acts for.</summary>
public sealed record TutorRequestBody(int AgentId, int ModuleId, string? Message);

/// <summary>
/// Questions to the remote tutor of an e-learning module: asked for an agent of the caller's collectivités,
/// answered by the tutors (back office), closed by the collectivité. docs/elearning.md.
/// </summary>
public sealed class TutorRequestsController(CnfptDbContext db, CallerAccessor caller, TimeProvider clock) : ODataController
{
    /// <summary>Lists the tutor requests of the agents of the collectivités the caller acts for (the open ones: <c>$filter=status eq 'Open'</c>).</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public IQueryable<TutorRequest> Get() => db.TutorRequests.AsNoTracking();

    /// <summary>Reads one tutor request.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public SingleResult<TutorRequest> Get(int key) => SingleResult.Create(db.TutorRequests.AsNoTracking().Where(t => t.Id == key));

    /// <summary>Asks a module's remote tutor a question for an agent: <c>{"agentId", "moduleId", "message"}</c>.</summary>
    [RequiresScope(Scopes.EnrolmentsWrite)]
    [ProducesResponseType(typeof(TutorRequest), StatusCodes.Status201Created, "application/json")]
    public async Task<IActionResult> Post([FromBody] TutorRequestBody body, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "A JSON body {agentId, moduleId, message} is required.", "body");
        }

        var message = body.Message?.Trim();
        if (string.IsNullOrEmpty(message) || message.Length > TutorRequest.MaxMessageLength)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, $"message is required (at most {TutorRequest.MaxMessageLength} characters).", "message");
        }

        // Agents are tenant-filtered: an agent of another collectivité is as unknown as one that does not exist.
        var agent = await db.Agents.AsNoTracking().Where(a => a.Id == body.AgentId).Select(a => new { a.Id, a.CollectiviteId }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "agent-not-found", $"No agent {body.AgentId} among those of the collectivités you act for.", "agentId");
        var module = await db.ElearningModules.AsNoTracking().FirstOrDefaultAsync(m => m.Id == body.ModuleId, cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "module-not-found", $"No e-learning module {body.ModuleId}.", "moduleId");
        if (!module.TutorAvailable || !module.Available)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "tutor-not-available", $"Module {module.Code} has no remote tutor.", "moduleId");
        }

        var request = new TutorRequest
        {
            AgentId = agent.Id, CollectiviteId = agent.CollectiviteId, ModuleId = module.Id, Message = message,
            Status = TutorRequestStatus.Open, CreatedAt = clock.GetUtcNow(), CreatedBy = caller.Caller.ClientId!,
        };
        db.TutorRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        return Created(request);
    }

    /// <summary>The tutor's answer (back office): <c>{"answer": "…"}</c>; the request becomes Answered.</summary>
    [HttpPost]
    [RequiresScope(Scopes.ELearningManage)]
    [ProducesResponseType(typeof(TutorRequest), StatusCodes.Status200OK, "application/json")]
    public async Task<IActionResult> Answer([FromODataUri] int key, ODataActionParameters parameters, CancellationToken cancellationToken)
    {
        var request = await FindAsync(key, cancellationToken);
        var answer = (parameters is not null && parameters.TryGetValue("answer", out var value) ? value as string : null)?.Trim();
        if (string.IsNullOrEmpty(answer) || answer.Length > TutorRequest.MaxMessageLength)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, $"answer is required (at most {TutorRequest.MaxMessageLength} characters).", "answer");
        }

        if (request.Status == TutorRequestStatus.Closed)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "tutor-request-closed", $"Tutor request {key} is closed.");
        }

        request.Status = TutorRequestStatus.Answered;
        request.Answer = answer;
        request.AnsweredAt = clock.GetUtcNow();
        request.AnsweredBy = caller.Caller.ClientId;
        await db.SaveChangesAsync(cancellationToken);
        return Ok(request);
    }

    /// <summary>Closes a request (the learner needs nothing more); closing a closed request changes nothing.</summary>
    [HttpPost]
    [RequiresScope(Scopes.EnrolmentsWrite)]
    [ProducesResponseType(typeof(TutorRequest), StatusCodes.Status200OK, "application/json")]
    public async Task<IActionResult> Close([FromODataUri] int key, CancellationToken cancellationToken)
    {
        var request = await FindAsync(key, cancellationToken);
        if (request.Status != TutorRequestStatus.Closed)
        {
            request.Status = TutorRequestStatus.Closed;
            request.ClosedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        return Ok(request);
    }

    private async Task<TutorRequest> FindAsync(int key, CancellationToken cancellationToken) =>
        await db.TutorRequests.FirstOrDefaultAsync(t => t.Id == key, cancellationToken)
        ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No tutor request {key} among those of the collectivités you act for.");
}
