using System.Globalization;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Enrolments;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Pacts;

/// <summary>
/// Sets up each provider state that the committed pacts name, with its parameters. The verifier POSTs
/// <c>{"action":"setup","state":"…","params":{…}}</c> before each interaction; the JSON object answered holds
/// the values the pact injects into the request (<c>${agentId}</c>, <c>${etag}</c>…). Each setup creates fresh
/// rows, so interactions never depend on each other's leftovers; "teardown" has nothing to undo.
/// A pact naming an unknown state fails its interaction with that state's name in the message.
/// </summary>
public sealed class ProviderStates(string connectionString, string clientId, int collectiviteId)
{
    public const string Path = "/_pact/provider-states";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private int _nextReference;

    /// <summary>Sets up the state a committed pact names; null for a name nobody taught this class.</summary>
    private Task<object>? SetUp(string? state, HttpContext context, JsonElement parameters) => state switch
    {
        "the catalogue is published" => CatalogueAsync(),
        "the statistics of the reference date are published" => StatisticsAsync(),
        "the collectivité has no agent with this employer reference" => NoAgentAsync(parameters.GetProperty("employerReference").GetString()!),
        "an agent of the collectivité and a session with free seats" => AgentAndSessionValuesAsync(Int(parameters, "seats", 10)),
        "an accepted enrolment" => AcceptedEnrolmentAsync(context),
        "an attestation of the collectivité" => AttestationAsync(context),
        _ => null,
    };

    public async Task HandleAsync(HttpContext context)
    {
        var request = await JsonSerializer.DeserializeAsync<StateChange>(context.Request.Body, Json, context.RequestAborted)
            ?? throw new InvalidOperationException("empty provider-state request");
        if (request.Action == "teardown")
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        // An interaction without a state still gets a setup call, with no state name.
        var setUp = string.IsNullOrEmpty(request.State) ? Task.FromResult<object>(new { }) : SetUp(request.State, context, request.Params);
        if (setUp is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"Unknown provider state '{request.State}': add it to {nameof(ProviderStates)}.");
            return;
        }

        var values = await setUp;
        await context.Response.WriteAsJsonAsync(values, values.GetType(), Json);
    }

    private async Task<object> CatalogueAsync()
    {
        await using var db = NewDbContext();
        Assert.True(await db.Courses.CountAsync() >= 2, "the seeded catalogue is missing");
        return new { };
    }

    private async Task<object> StatisticsAsync()
    {
        await using var db = NewDbContext();
        Assert.True(await db.StatisticsCells.AnyAsync(), "the statistics cube has not been built");
        return new { };
    }

    /// <summary>Removes the agent (without enrolments) that an earlier replay of the upsert created.</summary>
    private async Task<object> NoAgentAsync(string employerReference)
    {
        await using var db = NewDbContext();
        _ = await db.Agents.Where(a => a.CollectiviteId == collectiviteId && a.EmployerReference == employerReference).ExecuteDeleteAsync();
        return new { collectiviteId };
    }

    private async Task<object> AgentAndSessionValuesAsync(int seats)
    {
        var (agentId, sessionId) = await AgentAndSessionAsync(seats);
        return new { agentId, sessionId };
    }

    /// <summary>An agent of the caller's collectivité and a fresh session open to every catégorie, 30 days ahead.</summary>
    private async Task<(int AgentId, int SessionId)> AgentAndSessionAsync(int seats)
    {
        await using var db = NewDbContext();
        var course = await db.Courses.OrderBy(c => c.Id).FirstAsync(c => c.TargetCategories == TargetCategories.All);
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        var session = new Session
        {
            CourseId = course.Id, DelegationId = 1, CommuneCode = "59350", Venue = "Salle Pact", StartDate = start,
            EndDate = start.AddDays(1), Capacity = seats, Status = SessionStatus.OpenForEnrolment,
        };
        var agent = new Agent
        {
            CollectiviteId = collectiviteId,
            EmployerReference = string.Create(CultureInfo.InvariantCulture, $"PACT{Interlocked.Increment(ref _nextReference):000000}"),
            LastName = "Contrat", FirstName = "Camille", Category = AgentCategory.B, Status = AgentStatus.Titulaire,
            CadreEmplois = "Rédacteur territorial", AppointmentDate = new DateOnly(2020, 1, 1),
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.AddRange(session, agent);
        await db.SaveChangesAsync();
        return (agent.Id, session.Id);
    }

    /// <summary>Submitted through the real workflow (bulletin, events, AR, seat), then accepted as there is a seat.</summary>
    private async Task<object> AcceptedEnrolmentAsync(HttpContext context)
    {
        var (agentId, sessionId) = await AgentAndSessionAsync(10);
        await using var scope = context.RequestServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CnfptDbContext>();
        db.Tenant = TenantScope.All;
        var workflow = scope.ServiceProvider.GetRequiredService<EnrolmentWorkflow>();
        var enrolment = await workflow.SubmitAsync(new EnrolmentRequest(agentId, sessionId, "Prise de poste", null, null), clientId);
        Assert.Equal(EnrolmentStatus.Accepted, enrolment.Status);
        return new { enrolmentId = enrolment.Id, etag = string.Create(CultureInfo.InvariantCulture, $"\"{enrolment.Version}\"") };
    }

    /// <summary>An attestation of the caller's collectivité, issued as the back office does (attendance, closing), signed by this API's key.</summary>
    private async Task<object> AttestationAsync(HttpContext context)
    {
        var attestation = (await TestAttestations.IssueAsync(context.RequestServices, connectionString, collectiviteId, clientId)).Single();
        return new { attestationId = attestation.Id, token = attestation.SignedToken, number = attestation.Number };
    }

    private CnfptDbContext NewDbContext() => TestDatabase.NewContext(connectionString, TenantScope.All);

    private static int Int(JsonElement parameters, string name, int fallback) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : fallback;

    private sealed record StateChange(string? Action, string? State, JsonElement Params);
}
