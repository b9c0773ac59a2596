using Cnfpt.OpenApi.Core.Attendance;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Enrolments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Infrastructure;

/// <summary>
/// Attestations issued the way the back office issues them: agents of a collectivité enrolled through the
/// enrolment workflow, the session moved into the past, every half-day recorded present, the session closed
/// (which signs the attestations with the API's key). For tests of consumers (SDK, CLI, pacts) that need real ones.
/// </summary>
public static class TestAttestations
{
    private static int _nextReference;

    /// <summary>Issues <paramref name="agents"/> attestations for <paramref name="collectiviteId"/>, through the API's own services; returns them.</summary>
    public static async Task<List<Attestation>> IssueAsync(IServiceProvider api, string connectionString, int collectiviteId, string clientId, int agents = 1)
    {
        var today = FrenchFormat.ParisDay(DateTimeOffset.UtcNow);
        int sessionId;
        List<int> agentIds;
        await using (var db = TestDatabase.NewContext(connectionString, TenantScope.All))
        {
            var course = await db.Courses.OrderBy(c => c.Id).FirstAsync(c => c.TargetCategories == TargetCategories.All);
            var session = new Session
            {
                CourseId = course.Id, DelegationId = 1, CommuneCode = "59350", Venue = "Centre de formation de Lille", Capacity = 30,
                StartDate = today.AddDays(20), EndDate = today.AddDays(21), Status = SessionStatus.OpenForEnrolment,
            };
            var created = Enumerable.Range(0, agents).Select(_ => new Agent
            {
                CollectiviteId = collectiviteId,
                EmployerReference = $"ATS{Interlocked.Increment(ref _nextReference):000000}",
                LastName = "Lefèvre", FirstName = "Élodie", Category = AgentCategory.B, Status = AgentStatus.Titulaire,
                CadreEmplois = "Rédacteur territorial", AppointmentDate = new DateOnly(2020, 1, 1), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            }).ToList();
            db.Sessions.Add(session);
            db.Agents.AddRange(created);
            await db.SaveChangesAsync();
            (sessionId, agentIds) = (session.Id, created.Select(a => a.Id).ToList());
        }

        await using var scope = api.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CnfptDbContext>();
        context.Tenant = TenantScope.All;
        var enrolments = new List<int>();
        foreach (var agent in agentIds)
        {
            var enrolment = await scope.ServiceProvider.GetRequiredService<EnrolmentWorkflow>().SubmitAsync(new EnrolmentRequest(agent, sessionId, "Prise de poste", null, null), clientId);
            enrolments.Add(enrolment.Id);
        }

        await using (var db = TestDatabase.NewContext(connectionString, TenantScope.All))
        {
            var session = await db.Sessions.SingleAsync(s => s.Id == sessionId);
            (session.StartDate, session.EndDate, session.Status) = (today.AddDays(-2), today.AddDays(-1), SessionStatus.Closed);
            await db.SaveChangesAsync();
        }

        context.ChangeTracker.Clear();
        var workflow = scope.ServiceProvider.GetRequiredService<AttendanceWorkflow>();
        var lines = enrolments.SelectMany(e => new[] { today.AddDays(-2), today.AddDays(-1) }
            .SelectMany(d => new[] { HalfDay.Morning, HalfDay.Afternoon }.Select(h => new AttendanceEntry(e, d, h, true)))).ToList();
        await workflow.RecordAsync(sessionId, lines, "test-backoffice");
        var closure = await workflow.CloseAsync(sessionId, "test-backoffice");
        return [.. closure.Issued];
    }
}
