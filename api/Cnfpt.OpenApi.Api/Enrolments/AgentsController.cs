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

namespace Cnfpt.OpenApi.Api.Enrolments;

/// <summary>An agent as an HR suite sends it: minimal personal data, keyed by the employer's own reference.</summary>
public sealed record AgentInput(
    int CollectiviteId, string? EmployerReference, string? LastName, string? FirstName, DateOnly? BirthDate,
    AgentCategory? Category, AgentStatus? Status, string? CadreEmplois, DateOnly? AppointmentDate);

/// <summary>
/// Agents of the collectivités the caller acts for. Rows of other collectivités do not exist for the
/// caller: they are filtered in SQL, and reading one by key is a 404. An HR suite creates, updates
/// (If-Match) or upserts them by its own employer reference.
/// </summary>
public sealed partial class AgentsController(CnfptDbContext db, CallerAccessor caller, TimeProvider clock) : ODataController
{
    /// <summary>Lists agents.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public IQueryable<Agent> Get() => db.Agents.AsNoTracking();

    /// <summary>Reads one agent; its ETag is the version to send in If-Match.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public Task<IActionResult> Get(int key, CancellationToken cancellationToken) =>
        ETags.SingleAsync(this, db.Agents.AsNoTracking().Where(a => a.Id == key), a => a.Version, cancellationToken);

    /// <summary>Creates an agent; 409 agent-exists when the employer reference is already used in that collectivité.</summary>
    [RequiresScope(Scopes.EnrolmentsWrite)]
    [ProducesResponseType<Agent>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Post([FromBody] AgentInput input, CancellationToken cancellationToken)
    {
        var agent = NewAgent(Validate(input, creating: true));
        if (await db.Agents.AnyAsync(a => a.CollectiviteId == agent.CollectiviteId && a.EmployerReference == agent.EmployerReference, cancellationToken))
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.AgentExists,
                $"Collectivité {agent.CollectiviteId} already has an agent '{agent.EmployerReference}': update it, or use Agents/Upsert.", "employerReference");
        }

        db.Agents.Add(agent);
        await SaveAsync(cancellationToken);
        ETags.Set(Response, agent.Version);
        return Created(agent);
    }

    /// <summary>Updates the given properties of an agent (If-Match required). The collectivité and employer reference do not change.</summary>
    [RequiresScope(Scopes.EnrolmentsWrite)]
    public async Task<IActionResult> Patch(int key, [FromBody] AgentInput input, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == key, cancellationToken);
        if (agent is null)
        {
            return NotFound();
        }

        CheckVersion(agent, ETags.Expected(Request));
        Apply(agent, Validate(input with { CollectiviteId = agent.CollectiviteId, EmployerReference = agent.EmployerReference }, creating: false));
        await SaveAsync(cancellationToken);
        ETags.Set(Response, agent.Version);
        return Ok(agent);
    }

    /// <summary>
    /// Creates or updates the agent with this employer reference in this collectivité (201 or 200): how an HR suite
    /// synchronises its payroll file. Updating needs If-Match (the ETag, or * to overwrite whatever is there).
    /// </summary>
    [HttpPost]
    [RequiresScope(Scopes.EnrolmentsWrite)]
    public async Task<IActionResult> Upsert(ODataActionParameters parameters, CancellationToken cancellationToken)
    {
        var input = Validate(FromParameters(parameters), creating: true);
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.CollectiviteId == input.CollectiviteId && a.EmployerReference == input.EmployerReference, cancellationToken);
        if (agent is null)
        {
            agent = NewAgent(input);
            db.Agents.Add(agent);
            await SaveAsync(cancellationToken);
            ETags.Set(Response, agent.Version);
            return Created(agent);
        }

        CheckVersion(agent, ETags.Expected(Request));
        Apply(agent, input);
        await SaveAsync(cancellationToken);
        ETags.Set(Response, agent.Version);
        return Ok(agent);
    }

    private AgentInput Validate(AgentInput? input, bool creating)
    {
        if (input is null)
        {
            throw Invalid("A JSON body with the agent's properties is required.", "body");
        }

        if (!caller.Caller.Tenant.Allows(input.CollectiviteId))
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, ProblemCodes.NotMandated,
                $"You do not act for collectivité {input.CollectiviteId}: it has not given you a mandate.", "collectiviteId");
        }

        static bool Bad(string? value, int max, bool required) => value is null ? required : value.Trim().Length == 0 || value.Length > max;
        if (Bad(input.EmployerReference, 64, creating))
        {
            throw Invalid("employerReference is required: your own identifier of the agent (at most 64 characters).", "employerReference");
        }

        if (Bad(input.LastName, 100, creating))
        {
            throw Invalid("lastName is required (at most 100 characters).", "lastName");
        }

        if (Bad(input.FirstName, 100, creating))
        {
            throw Invalid("firstName is required (at most 100 characters).", "firstName");
        }

        if (Bad(input.CadreEmplois, 100, creating))
        {
            throw Invalid("cadreEmplois is required (at most 100 characters), e.g. \"Rédacteur territorial\".", "cadreEmplois");
        }

        if (creating && input.Category is null)
        {
            throw Invalid("category is required: A, B or C.", "category");
        }

        if (creating && input.Status is null)
        {
            throw Invalid("status is required: Titulaire, Stagiaire or Contractuel.", "status");
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (creating && input.AppointmentDate is null || input.AppointmentDate > today.AddYears(1))
        {
            throw Invalid("appointmentDate is required and at most a year ahead.", "appointmentDate");
        }

        if (input.BirthDate is { } birth && (birth > today.AddYears(-15) || birth < today.AddYears(-80)))
        {
            throw Invalid("birthDate must make the agent between 15 and 80 years old; leave it out unless an attestation needs it.", "birthDate");
        }

        return input;
    }

    private Agent NewAgent(AgentInput input)
    {
        var now = clock.GetUtcNow();
        return new Agent
        {
            CollectiviteId = input.CollectiviteId,
            EmployerReference = input.EmployerReference!.Trim(),
            LastName = input.LastName!.Trim(),
            FirstName = input.FirstName!.Trim(),
            BirthDate = input.BirthDate,
            Category = input.Category!.Value,
            Status = input.Status!.Value,
            CadreEmplois = input.CadreEmplois!.Trim(),
            AppointmentDate = input.AppointmentDate!.Value,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private void Apply(Agent agent, AgentInput input)
    {
        agent.LastName = input.LastName?.Trim() ?? agent.LastName;
        agent.FirstName = input.FirstName?.Trim() ?? agent.FirstName;
        agent.BirthDate = input.BirthDate ?? agent.BirthDate;
        agent.Category = input.Category ?? agent.Category;
        agent.Status = input.Status ?? agent.Status;
        agent.CadreEmplois = input.CadreEmplois?.Trim() ?? agent.CadreEmplois;
        agent.AppointmentDate = input.AppointmentDate ?? agent.AppointmentDate;
        agent.UpdatedAt = clock.GetUtcNow();
    }

    private static void CheckVersion(Agent agent, int? expected)
    {
        if (expected is { } version && version != agent.Version)
        {
            throw new ApiProblemException(StatusCodes.Status412PreconditionFailed, ProblemCodes.PreconditionFailed,
                $"The agent changed since you read it (version {agent.Version}, If-Match {version}): read it again, then retry.", "If-Match");
        }
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ApiProblemException(StatusCodes.Status412PreconditionFailed, ProblemCodes.PreconditionFailed, "The agent changed while this request ran: read it again, then retry.", "If-Match");
        }
        catch (DbUpdateException e) when (e.InnerException?.Message.Contains("employer_reference", StringComparison.Ordinal) == true)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.AgentExists, "Another request created this employer reference at the same time: read it, then update it.", "employerReference");
        }
    }

    private static AgentInput FromParameters(ODataActionParameters? p)
    {
        T? Get<T>(string name) => p is not null && p.TryGetValue(name, out var value) && value is not null ? (T)value : default;
        DateOnly? Date(string name) => p is not null && p.TryGetValue(name, out var value) && value is not null ? value switch
        {
            DateOnly d => d,
#pragma warning disable CS0618 // ODL 8 hands Edm.Date parameters over as Microsoft.OData.Edm.Date.
            Microsoft.OData.Edm.Date d => new DateOnly(d.Year, d.Month, d.Day),
#pragma warning restore CS0618
            _ => null,
        } : null;
        return new AgentInput(Get<int>("collectiviteId"), Get<string>("employerReference"), Get<string>("lastName"), Get<string>("firstName"),
            Date("birthDate"), Get<AgentCategory?>("category"), Get<AgentStatus?>("status"), Get<string>("cadreEmplois"), Date("appointmentDate"));
    }

    private static ApiProblemException Invalid(string detail, string field) =>
        new(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, detail, field);
}
