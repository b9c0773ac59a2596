using System.Diagnostics;
using System.Net;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Sdk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Db = Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Sdk.Tests;

/// <summary>The SDK against the real API on PostgreSQL, through the whole handler pipeline; answers checked against SQL.</summary>
[Collection(SdkCollection.Name)]
public sealed class SdkAgainstApiTests(SdkFixture fixture)
{
    [Fact]
    public async Task ListAllAsync_FollowsNextLinks_AcrossPages_ToEveryRow()
    {
        RecordingHandler? recorder = null;
        using var client = fixture.Client(anonymous: true, wrap: inner => recorder = new RecordingHandler(inner));

        var courses = await client.Courses.ListAllAsync().ToListAsync();

        await using var db = fixture.NewDbContext();
        var expected = await db.Courses.Select(c => c.Id).OrderBy(id => id).ToListAsync();
        Assert.True(expected.Count > 200, "the seed has several pages of courses");
        Assert.Equal(expected, courses.Select(c => c.Id).Order());
        Assert.Equal((expected.Count + 99) / 100, recorder!.Attempts.Count);
        Assert.All(recorder.Attempts.Skip(1), a => Assert.Contains("skiptoken", a.Path, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TypedQuery_EscapesQuotes_AndFiltersLikeSql()
    {
        using var client = fixture.Client(anonymous: true);
        var from = DateOnly.FromDateTime(DateTime.UtcNow);

        var sessions = await client.Sessions.ListAllAsync(new ODataQuery<Session>()
            .Where(s => s.Status, SessionStatus.OpenForEnrolment)
            .Where(s => s.StartDate, ODataOperator.Ge, from)).ToListAsync();
        var apostrophes = await client.Courses.ListAllAsync(new ODataQuery<Course>().WhereContains(c => c.Title, "d'")).ToListAsync();

        await using var db = fixture.NewDbContext();
        Assert.Equal(
            await db.Sessions.Where(s => s.Status == Db.SessionStatus.OpenForEnrolment && s.StartDate >= from).CountAsync(),
            sessions.Count);
        var expected = await db.Courses.Where(c => c.Title.Contains("d'")).CountAsync();
        Assert.True(expected > 0, "the seed has titles with an apostrophe");
        Assert.Equal(expected, apostrophes.Count);
    }

    [Fact]
    public async Task Submit_WhenTheAnswerIsLostAfterTheServerCommitted_RetriesWithTheSameKey_AndEnrolsOnce()
    {
        var session = await fixture.NewSessionAsync(capacity: 5);
        var agent = (await fixture.NewAgentsAsync(1))[0];
        RecordingHandler? recorder = null;
        using var client = fixture.Client(wrap: inner => recorder = new RecordingHandler(inner)
        {
            FailAfterServer = 2,
            FailWhen = r => r.Method == HttpMethod.Post && r.RequestUri!.AbsolutePath.EndsWith("/Enrolments", StringComparison.Ordinal),
        });

        var enrolment = await client.Enrolments.SubmitAsync(new EnrolmentSubmission { AgentId = agent.Id, SessionId = session.Id, Motive = "Prise de poste" });

        var posts = recorder!.Attempts.Where(a => a.Method == HttpMethod.Post && a.Path.EndsWith("/Enrolments", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, posts.Count);
        Assert.All(posts, p => Assert.Equal(HttpStatusCode.Created, p.ServerStatus)); // the server did the work each time it was asked…
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created], posts.Select(p => p.SeenStatus));
        Assert.NotNull(posts[0].IdempotencyKey);
        Assert.All(posts, p => Assert.Equal(posts[0].IdempotencyKey, p.IdempotencyKey));
        await using var db = fixture.NewDbContext();
        var rows = await db.Enrolments.Where(e => e.AgentId == agent.Id && e.SessionId == session.Id).Select(e => e.Id).ToListAsync();
        Assert.Equal([enrolment.Value.Id], rows); // …and wrote once
        Assert.Equal("\"" + enrolment.Value.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"", enrolment.ETag);
    }

    [Fact]
    public async Task RateLimited_RetriesAfterRetryAfter_MeasuredDelay()
    {
        await using var limited = new ApiFactory(fixture.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:WindowSeconds"] = "2",
            ["RateLimiting:AnonymousRead"] = "2",
        });
        RecordingHandler? recorder = null;
        using var client = fixture.Client(anonymous: true, api: limited, wrap: inner => recorder = new RecordingHandler(inner));

        for (var i = 0; i < 6; i++)
        {
            var page = await client.Themes.ListAsync(top: 1);
            Assert.Single(page.Value!);
        }

        var attempts = recorder!.Attempts.ToList();
        var limitedAt = attempts.Select((a, i) => (a, i)).Where(x => x.a.ServerStatus == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limitedAt);
        foreach (var (attempt, i) in limitedAt)
        {
            Assert.NotNull(attempt.RetryAfter);
            var waited = Stopwatch.GetElapsedTime(attempt.EndedAt, attempts[i + 1].StartedAt);
            Assert.True(waited >= attempt.RetryAfter!.Value - TimeSpan.FromMilliseconds(20),
                $"retried after {waited.TotalMilliseconds:F0} ms; Retry-After said {attempt.RetryAfter.Value.TotalSeconds} s");
            Assert.True(waited < attempt.RetryAfter.Value + TimeSpan.FromSeconds(5), $"waited {waited.TotalMilliseconds:F0} ms");
        }
    }

    [Fact]
    public async Task Update_WithAStaleETag_SurfacesPreconditionFailed()
    {
        using var client = fixture.Client();
        var created = await client.Agents.UpsertByReferenceAsync(new AgentInput
        {
            CollectiviteId = SdkFixture.Collectivite, EmployerReference = "ETAG-" + Guid.NewGuid().ToString("N")[..8], LastName = "Martin", FirstName = "Léa",
            Category = AgentCategory.B, Status = AgentStatus.Titulaire, CadreEmplois = "Rédacteur territorial", AppointmentDate = new DateOnly(2021, 3, 1),
        });

        var renamed = await client.Agents.UpdateAsync(created.Value.Id, new AgentChanges { LastName = "Martin-Durand" }, created.ETag);
        var stale = await Assert.ThrowsAsync<CnfptProblemException>(() =>
            client.Agents.UpdateAsync(created.Value.Id, new AgentChanges { FirstName = "Lou" }, created.ETag));

        Assert.NotEqual(created.ETag, renamed.ETag);
        Assert.Equal(AgentCategory.B, renamed.Value.Category); // a partial update leaves the other properties alone
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("precondition-failed", stale.Code);
        Assert.Contains("If-Match", stale.Errors.Keys);
        var current = await client.Agents.GetVersionedAsync(created.Value.Id);
        Assert.Equal(("Martin-Durand", "Léa", renamed.ETag), (current.Value.LastName, current.Value.FirstName, current.ETag));
    }

    [Fact]
    public async Task Problems_AreTypedExceptions_WithCodeDetailErrorsAndTraceId()
    {
        using var client = fixture.Client();
        var session = await fixture.NewSessionAsync(capacity: 5);

        var unknownAgent = await Assert.ThrowsAsync<CnfptProblemException>(() =>
            client.Enrolments.SubmitAsync(new EnrolmentSubmission { AgentId = int.MaxValue, SessionId = session.Id, Motive = "Prise de poste" }));
        var badFilter = await Assert.ThrowsAsync<CnfptProblemException>(() =>
            client.Courses.ListAllAsync(new ODataQuery<Course>().Where("colour eq 'red'")).ToListAsync().AsTask());

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "agent-not-found"), (unknownAgent.StatusCode, unknownAgent.Code));
        Assert.False(string.IsNullOrWhiteSpace(unknownAgent.Detail));
        Assert.False(string.IsNullOrWhiteSpace(unknownAgent.TraceId));
        Assert.Contains("agentId", unknownAgent.Errors.Keys);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-query"), (badFilter.StatusCode, badFilter.Code));
        Assert.Contains("colour", Assert.Single(badFilter.Errors["$filter"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnrolMany_ChunksBy100_ReportsEachRow_AndABatchRetriedAfterCommitWritesNothingTwice()
    {
        var session = await fixture.NewSessionAsync(capacity: 200);
        var agents = await fixture.NewAgentsAsync(230);
        var submissions = agents.Select(a => new EnrolmentSubmission { AgentId = a.Id, SessionId = session.Id, Motive = "Programme" })
            .Append(new EnrolmentSubmission { AgentId = int.MaxValue, SessionId = session.Id, Motive = "Inconnu" })
            .ToList();
        RecordingHandler? recorder = null;
        using var client = fixture.Client(wrap: inner => recorder = new RecordingHandler(inner)
        {
            FailAfterServer = 1, // the first $batch's answer is lost after the server committed its 100 enrolments
            FailWhen = r => r.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal),
        });

        var outcomes = await client.Enrolments.EnrolManyAsync(submissions, maxConcurrency: 1);

        var batches = recorder!.Attempts.Where(a => a.Path.EndsWith("/$batch", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, batches.Count); // 3 chunks (100, 100, 31) + the retry of the first
        Assert.Equal(submissions.Count, outcomes.Count);
        Assert.Equal(100, outcomes.Count(o => o.Replayed));
        Assert.Equal(200, outcomes.Count(o => o.Enrolment?.Status == EnrolmentStatus.Accepted));
        Assert.Equal(30, outcomes.Count(o => o.Enrolment?.Status == EnrolmentStatus.Waitlisted));
        var refused = Assert.Single(outcomes, o => !o.Succeeded);
        Assert.Equal((submissions.Count - 1, "agent-not-found"), (refused.Index, refused.Problem!.Code));
        await using var db = fixture.NewDbContext();
        Assert.Equal(230, await db.Enrolments.CountAsync(e => e.SessionId == session.Id));
        Assert.Equal(230, await db.Enrolments.Where(e => e.SessionId == session.Id).Select(e => e.AgentId).Distinct().CountAsync());
    }

    [Fact]
    public async Task DeprecationHeaders_LogOneWarning()
    {
        using var logs = new ListLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        using var client = new CnfptClient(new CnfptClientOptions
        {
            BaseAddress = fixture.Api.Server.BaseAddress,
            LoggerFactory = loggers,
            AttemptTimeout = TimeSpan.FromMinutes(2),
            TotalTimeout = TimeSpan.FromMinutes(6),
            PrimaryHandler = () => new RecordingHandler(fixture.Api.Server.CreateHandler())
            {
                Tamper = r =>
                {
                    r.Headers.TryAddWithoutValidation("Deprecation", "@1798761600");
                    r.Headers.TryAddWithoutValidation("Sunset", "Sat, 01 Jan 2028 00:00:00 GMT");
                },
            },
        });

        await client.Themes.ListAsync(top: 1);
        await client.Themes.ListAsync(top: 1);

        var warning = Assert.Single(logs.Messages, m => m.Level == LogLevel.Warning);
        Assert.Contains("Sunset: Sat, 01 Jan 2028", warning.Text, StringComparison.Ordinal);
        Assert.Contains(CnfptClient.ApiVersion, warning.Text, StringComparison.Ordinal);
    }
}
