using Cnfpt.OpenApi.Core.Attendance;
using Cnfpt.OpenApi.Core.Attestations;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Enrolments;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Attestations;

/// <summary>
/// Demo attendance and attestations for the sandbox: the recent completed sessions of the demo clients'
/// collectivités (1–22) are re-run through the real workflow — attendance recorded, session closed, attestations
/// signed with the sandbox's key — with a clock set to the day after each session, as the back office would
/// have done then. A few agents get a poste à responsabilité, so that every obligation shows up.
/// </summary>
internal static class SandboxAttestations
{
    private const int DemoCollectivites = 22;
    private const int Sessions = 40;

    public static async Task<int> SeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<CnfptDbContext>>();
        var signer = scope.ServiceProvider.GetRequiredService<AttestationSigner>();
        await using var db = factory.CreateDbContext();
        db.Tenant = TenantScope.All;

        var today = Core.Documents.FrenchFormat.ParisDay(DateTimeOffset.UtcNow);
        var sessions = await db.Sessions
            .Where(s => s.Status == SessionStatus.Completed && s.EndDate < today && s.EndDate >= today.AddDays(-180))
            .Where(s => db.Enrolments.Any(e => e.SessionId == s.Id && e.CollectiviteId <= DemoCollectivites && e.Status == EnrolmentStatus.Attended))
            .OrderByDescending(s => s.EndDate).ThenBy(s => s.Id)
            .Select(s => s.Id).Take(Sessions).ToListAsync(cancellationToken);
        var issued = 0;
        foreach (var sessionId in sessions)
        {
            var session = await db.Sessions.SingleAsync(s => s.Id == sessionId, cancellationToken);
            session.Status = SessionStatus.Closed;
            await db.SaveChangesAsync(cancellationToken);
            var clock = new FixedClock(new DateTimeOffset(session.EndDate.ToDateTime(new TimeOnly(16, 30)), TimeSpan.Zero));
            var workflow = new AttendanceWorkflow(db, new EnrolmentWorkflow(db, clock), signer, clock);
            var enrolments = await db.Enrolments.Where(e => e.SessionId == sessionId && (e.Status == EnrolmentStatus.Attended || e.Status == EnrolmentStatus.Absent))
                .OrderBy(e => e.Id).Select(e => new { e.Id, e.Status }).ToListAsync(cancellationToken);
            var random = new Random(sessionId);
            var lines = new List<AttendanceEntry>();
            foreach (var enrolment in enrolments)
            {
                for (var day = session.StartDate; day <= session.EndDate; day = day.AddDays(1))
                {
                    foreach (var half in new[] { HalfDay.Morning, HalfDay.Afternoon })
                    {
                        // Attended agents miss a half-day now and then; absent ones were never there.
                        lines.Add(new AttendanceEntry(enrolment.Id, day, half, enrolment.Status == EnrolmentStatus.Attended && random.Next(12) != 0));
                    }
                }
            }

            if (lines.Count > 0)
            {
                await workflow.RecordAsync(sessionId, lines, "demo-backoffice", cancellationToken);
            }

            issued += (await workflow.CloseAsync(sessionId, "demo-backoffice", cancellationToken)).Issued.Count;
            db.ChangeTracker.Clear();
        }

        // Some A and B titulaires of the demo collectivités took a post with responsibility recently.
        var managers = await db.Agents.Where(a => a.CollectiviteId <= DemoCollectivites && a.Status == AgentStatus.Titulaire && a.Category != AgentCategory.C)
            .OrderBy(a => a.Id).Where(a => a.Id % 17 == 0).ToListAsync(cancellationToken);
        foreach (var agent in managers)
        {
            agent.ResponsibilityPostDate = today.AddDays(-(agent.Id % 300));
        }

        await db.SaveChangesAsync(cancellationToken);
        return issued;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
