using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Attestations;

/// <summary>
/// Attendance recorded in bulk, corrected with an audit trail, and a session closed into attended and absent
/// enrolments with their attestations — through the HTTP API, checked against the database.
/// </summary>
[Collection(AttestationCollection.Name)]
public sealed class AttendanceTests(AttestationFixture fixture)
{
    private static readonly HalfDay[] Both = [HalfDay.Morning, HalfDay.Afternoon];

    [Fact]
    public async Task CloseSession_MarksAttendedAndAbsent_AndIssuesOneSignedAttestationPerAttendedEnrolment()
    {
        var (session, enrolments) = await fixture.EndedSessionAsync(3);
        using var backOffice = await fixture.ClientAsync(AttestationFixture.BackOffice);
        // Agent 0 all six half-days, agent 1 three, agent 2 none (recorded absent on the first morning only).
        var lines = Days(session).SelectMany(d => Both.Select(h => Line(enrolments[0], d, h, true)))
            .Concat(Days(session).Take(2).SelectMany(d => Both.Select(h => Line(enrolments[1], d, h, d == session.StartDate || h == HalfDay.Morning))))
            .Append(Line(enrolments[2], session.StartDate, HalfDay.Morning, false))
            .ToList();

        var recorded = await PostAsync(backOffice, "/v1/AttendanceRecords/Record", new { sessionId = session.Id, records = lines });
        Assert.Equal((11, 0, 0), (recorded.GetProperty("recorded").GetInt32(), recorded.GetProperty("corrected").GetInt32(), recorded.GetProperty("unchanged").GetInt32()));

        var closed = await PostAsync(backOffice, "/v1/AttendanceRecords/CloseSession", new { sessionId = session.Id });
        Assert.Equal((2, 1), (closed.GetProperty("attended").GetInt32(), closed.GetProperty("absent").GetInt32()));
        Assert.Equal(2, closed.GetProperty("issuedAttestations").GetArrayLength());

        await using var db = fixture.NewDbContext();
        Assert.Equal(SessionStatus.Completed, (await db.Sessions.SingleAsync(s => s.Id == session.Id)).Status);
        var statuses = await db.Enrolments.Where(e => enrolments.Contains(e.Id)).OrderBy(e => e.Id).Select(e => e.Status).ToListAsync();
        Assert.Equal([EnrolmentStatus.Attended, EnrolmentStatus.Attended, EnrolmentStatus.Absent], statuses);
        // The transitions went through the enrolment workflow: each left its event.
        Assert.Equal(3, await db.EnrolmentEvents.CountAsync(e => enrolments.Contains(e.EnrolmentId) && (e.ToStatus == EnrolmentStatus.Attended || e.ToStatus == EnrolmentStatus.Absent)));

        // Days attended compared with an independent count of the present half-days, in SQL.
        var attestations = await db.Attestations.Where(a => a.SessionId == session.Id).OrderBy(a => a.EnrolmentId).ToListAsync();
        Assert.Equal(2, attestations.Count);
        foreach (var attestation in attestations)
        {
            var present = await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM attendance_records WHERE enrolment_id = {attestation.EnrolmentId} AND is_current AND present").SingleAsync();
            Assert.Equal(present, attestation.HalfDaysAttended);
            Assert.Equal(present / 2m, attestation.DaysAttended);
            Assert.Equal(AttestationStatus.Valid, attestation.Status);
            Assert.Equal(ObligationKind.Integration, attestation.ObligationKind);
            Assert.Equal($"AT-{session.EndDate.Year}-{attestation.EnrolmentId:000000}", attestation.Number);
            Assert.Null(attestation.PrintBatchId); // a digital collectivité

            var verdict = await VerifyAsync(attestation.SignedToken!);
            Assert.Equal("valid", verdict.GetProperty("verdict").GetString());
            var facts = verdict.GetProperty("attestation");
            Assert.Equal(attestation.Number, facts.GetProperty("number").GetString());
            Assert.Equal(present, facts.GetProperty("halfDaysAttended").GetInt32());
            Assert.Equal(6, facts.GetProperty("halfDaysScheduled").GetInt32());
            Assert.Equal(session.Course!.Code, facts.GetProperty("courseCode").GetString());
            Assert.Equal(session.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), facts.GetProperty("startDate").GetString());
            Assert.Equal("Centre de formation de Lille", facts.GetProperty("venue").GetString());
        }

        Assert.Equal([6, 3], attestations.Select(a => a.HalfDaysAttended));

        // The vendor reads them as OData, tenant-scoped; the other vendor sees none of them.
        using var vendor = await fixture.ClientAsync(AttestationFixture.Vendor);
        var listed = await vendor.GetJsonAsync($"/v1/Attestations?$filter=sessionId eq {session.Id}&$orderby=id");
        Assert.Equal(attestations.Select(a => a.Number), listed.Values().Select(v => v.GetProperty("number").GetString()));
        using var other = await fixture.ClientAsync(AttestationFixture.OtherVendor);
        Assert.Empty((await other.GetJsonAsync($"/v1/Attestations?$filter=sessionId eq {session.Id}")).Values());
        await other.GetJsonAsync($"/v1/Attestations({attestations[0].Id})", HttpStatusCode.NotFound);

        // Closing twice is refused; nothing changes.
        using var again = await backOffice.PostAsJsonAsync(new Uri("/v1/AttendanceRecords/CloseSession", UriKind.Relative), new { sessionId = session.Id });
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "session-already-closed");
    }

    [Fact]
    public async Task Correction_LeavesAnAuditTrail_AndAfterClosing_RevokesTheAttestationAndIssuesItsReplacement()
    {
        var (session, enrolments) = await fixture.EndedSessionAsync(3);
        using var backOffice = await fixture.ClientAsync(AttestationFixture.BackOffice);
        var all = enrolments.SelectMany(e => Days(session).SelectMany(d => Both.Select(h => Line(e, d, h, e != enrolments[2])))).ToList();
        await PostAsync(backOffice, "/v1/AttendanceRecords/Record", new { sessionId = session.Id, records = all });
        await PostAsync(backOffice, "/v1/AttendanceRecords/CloseSession", new { sessionId = session.Id });
        await using var before = fixture.NewDbContext();
        var first = await before.Attestations.AsNoTracking().SingleAsync(a => a.EnrolmentId == enrolments[0]);
        var dropped = await before.Attestations.AsNoTracking().SingleAsync(a => a.EnrolmentId == enrolments[1]);
        var original = await before.AttendanceRecords.AsNoTracking().SingleAsync(r => r.EnrolmentId == enrolments[0] && r.Date == session.EndDate && r.HalfDay == HalfDay.Afternoon);

        // Agent 0 left on the last afternoon; agent 1 was in fact never there; agent 2 came on the first morning.
        var corrections = new List<object> { Line(enrolments[0], session.EndDate, HalfDay.Afternoon, false), Line(enrolments[0], session.StartDate, HalfDay.Morning, true), Line(enrolments[2], session.StartDate, HalfDay.Morning, true) };
        corrections.AddRange(Days(session).SelectMany(d => Both.Select(h => Line(enrolments[1], d, h, false))));
        var result = await PostAsync(backOffice, "/v1/AttendanceRecords/Record", new { sessionId = session.Id, records = corrections });
        Assert.Equal((0, 8, 1), (result.GetProperty("recorded").GetInt32(), result.GetProperty("corrected").GetInt32(), result.GetProperty("unchanged").GetInt32()));
        Assert.Equal(2, result.GetProperty("reissuedAttestations").GetArrayLength());

        await using var db = fixture.NewDbContext();
        // Audit trail: the old record stays, no longer current; the new one points at it.
        var trail = await db.AttendanceRecords.Where(r => r.EnrolmentId == enrolments[0] && r.Date == session.EndDate && r.HalfDay == HalfDay.Afternoon).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(2, trail.Count);
        Assert.Equal((original.Id, true, false), (trail[0].Id, trail[0].Present, trail[0].IsCurrent));
        Assert.Equal((original.Id, false, true, AttestationFixture.BackOffice), (trail[1].SupersedesId!.Value, trail[1].Present, trail[1].IsCurrent, trail[1].RecordedBy));

        // Agent 0: revoked and replaced by an attestation for 5 half-days that names the old one.
        var revoked = await db.Attestations.SingleAsync(a => a.Id == first.Id);
        var replacement = await db.Attestations.SingleAsync(a => a.Id == revoked.ReplacedById);
        Assert.Equal(AttestationStatus.Revoked, revoked.Status);
        Assert.NotNull(revoked.RevokedAt);
        Assert.Equal((5, 2.5m, AttestationStatus.Valid, $"{first.Number}-2"), (replacement.HalfDaysAttended, replacement.DaysAttended, replacement.Status, replacement.Number));
        var oldVerdict = await VerifyAsync(first.SignedToken!);
        Assert.Equal("revoked", oldVerdict.GetProperty("verdict").GetString());
        Assert.Equal(replacement.Number, oldVerdict.GetProperty("replacedBy").GetString());
        var newVerdict = await VerifyAsync(replacement.SignedToken!);
        Assert.Equal("valid", newVerdict.GetProperty("verdict").GetString());
        Assert.Equal(first.Number, newVerdict.GetProperty("attestation").GetProperty("replaces").GetString());

        // Agent 1 turns absent: attestation revoked, none replaces it. Agent 2 turns attended: a first attestation.
        Assert.Equal(EnrolmentStatus.Absent, (await db.Enrolments.SingleAsync(e => e.Id == enrolments[1])).Status);
        var droppedNow = await db.Attestations.SingleAsync(a => a.Id == dropped.Id);
        Assert.Equal((AttestationStatus.Revoked, (int?)null), (droppedNow.Status, droppedNow.ReplacedById));
        Assert.Equal("revoked", (await VerifyAsync(dropped.SignedToken!)).GetProperty("verdict").GetString());
        Assert.Equal(EnrolmentStatus.Attended, (await db.Enrolments.SingleAsync(e => e.Id == enrolments[2])).Status);
        Assert.Equal(1, (await db.Attestations.SingleAsync(a => a.EnrolmentId == enrolments[2])).HalfDaysAttended);
        // One valid attestation per enrolment at most, whatever happened.
        Assert.Equal(2, await db.Attestations.CountAsync(a => a.SessionId == session.Id && a.Status == AttestationStatus.Valid));
    }

    [Fact]
    public async Task InvalidAttendance_IsRefusedWithTheFieldAtFault_AndWritesNothing()
    {
        var (session, enrolments) = await fixture.EndedSessionAsync(1);
        var (otherSession, otherEnrolments) = await fixture.EndedSessionAsync(1);
        using var backOffice = await fixture.ClientAsync(AttestationFixture.BackOffice);
        var good = Line(enrolments[0], session.StartDate, HalfDay.Morning, true);
        var cases = new (object Body, HttpStatusCode Status, string Code, string Field)[]
        {
            (new { sessionId = session.Id, records = new[] { good, Line(enrolments[0], session.EndDate.AddDays(1), HalfDay.Morning, true) } }, HttpStatusCode.BadRequest, "validation-failed", "records[1].date"),
            (new { sessionId = session.Id, records = new[] { good, Line(otherEnrolments[0], session.StartDate, HalfDay.Morning, true) } }, HttpStatusCode.UnprocessableEntity, "enrolment-not-in-session", "records[1].enrolmentId"),
            (new { sessionId = session.Id, records = new[] { good, good } }, HttpStatusCode.BadRequest, "validation-failed", "records[1].halfDay"),
            (new { sessionId = session.Id, records = Array.Empty<object>() }, HttpStatusCode.BadRequest, "validation-failed", "records"),
            (new { sessionId = 999_999, records = new[] { good } }, HttpStatusCode.UnprocessableEntity, "session-not-found", "sessionId"),
        };

        foreach (var (body, status, code, field) in cases)
        {
            using var response = await backOffice.PostAsJsonAsync(new Uri("/v1/AttendanceRecords/Record", UriKind.Relative), body);
            var problem = await response.AssertProblemAsync(status, code);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        await using var db = fixture.NewDbContext();
        Assert.Equal(0, await db.AttendanceRecords.CountAsync(r => r.EnrolmentId == enrolments[0] || r.EnrolmentId == otherEnrolments[0]));
        Assert.Equal(SessionStatus.Closed, (await db.Sessions.SingleAsync(s => s.Id == otherSession.Id)).Status);
    }

    [Fact]
    public async Task CorrectionPeriod_EndsThirtyDaysAfterTheLastDay_AndClosingWaitsForTheLastDay()
    {
        var (late, lateEnrolments) = await fixture.EndedSessionAsync(1, endedDaysAgo: 31);
        var (inTime, inTimeEnrolments) = await fixture.EndedSessionAsync(1, endedDaysAgo: 30);
        var (running, _) = await fixture.EndedSessionAsync(1, endedDaysAgo: -1); // ends tomorrow
        using var backOffice = await fixture.ClientAsync(AttestationFixture.BackOffice);

        using var refused = await backOffice.PostAsJsonAsync(new Uri("/v1/AttendanceRecords/Record", UriKind.Relative),
            new { sessionId = late.Id, records = new[] { Line(lateEnrolments[0], late.StartDate, HalfDay.Morning, true) } });
        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "correction-period-over");
        await PostAsync(backOffice, "/v1/AttendanceRecords/Record", new { sessionId = inTime.Id, records = new[] { Line(inTimeEnrolments[0], inTime.StartDate, HalfDay.Morning, true) } });
        using var early = await backOffice.PostAsJsonAsync(new Uri("/v1/AttendanceRecords/CloseSession", UriKind.Relative), new { sessionId = running.Id });
        await early.AssertProblemAsync(HttpStatusCode.Conflict, "session-not-ended");

        await using var db = fixture.NewDbContext();
        Assert.Equal(0, await db.AttendanceRecords.CountAsync(r => r.EnrolmentId == lateEnrolments[0]));
        Assert.Equal(SessionStatus.Closed, (await db.Sessions.SingleAsync(s => s.Id == running.Id)).Status);
    }

    [Fact]
    public async Task CloseSession_RetriedWithTheSameIdempotencyKey_ReplaysTheFirstAnswer_AndIssuesNothingTwice()
    {
        var (session, enrolments) = await fixture.EndedSessionAsync(2);
        using var backOffice = await fixture.ClientAsync(AttestationFixture.BackOffice);
        await PostAsync(backOffice, "/v1/AttendanceRecords/Record", new { sessionId = session.Id, records = enrolments.Select(e => Line(e, session.StartDate, HalfDay.Morning, true)).ToList() });
        var key = Guid.NewGuid().ToString();

        async Task<(HttpResponseMessage Response, string Body)> CloseAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/AttendanceRecords/CloseSession", UriKind.Relative)) { Content = JsonContent.Create(new { sessionId = session.Id }) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await backOffice.SendAsync(request);
            return (response, await response.Content.ReadAsStringAsync());
        }

        var (first, firstBody) = await CloseAsync();
        var (retry, retryBody) = await CloseAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        Assert.Equal(firstBody, retryBody);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        await using var db = fixture.NewDbContext();
        Assert.Equal(2, await db.Attestations.CountAsync(a => a.SessionId == session.Id));
        first.Dispose();
        retry.Dispose();
    }

    [Fact]
    public async Task PaperCollectivite_AttestationGoesIntoTodaysPrintBatch_WhosePdfHoldsIt()
    {
        var (session, enrolments) = await fixture.EndedSessionAsync(1, collectivite: fixture.Paper);
        using var backOffice = await fixture.ClientAsync(AttestationFixture.BackOffice);
        await PostAsync(backOffice, "/v1/AttendanceRecords/Record", new { sessionId = session.Id, records = Days(session).Select(d => Line(enrolments[0], d, HalfDay.Morning, true)).ToList() });
        await PostAsync(backOffice, "/v1/AttendanceRecords/CloseSession", new { sessionId = session.Id });

        await using var db = fixture.NewDbContext();
        var attestation = await db.Attestations.SingleAsync(a => a.EnrolmentId == enrolments[0]);
        var batch = await db.PrintBatches.SingleAsync(b => b.Id == attestation.PrintBatchId);
        Assert.Equal(AttestationFixture.Today, batch.Day);

        using var pdf = await backOffice.GetAsync(new Uri($"/v1/PrintBatches({batch.Id})/Pdf()", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var text = Documents.AcknowledgementPdfTests.TextOf(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains(attestation.Number, text, StringComparison.Ordinal);
        Assert.Contains("Attestation de suivi de formation", text, StringComparison.Ordinal);
    }

    internal static IEnumerable<DateOnly> Days(Core.Domain.Session session)
    {
        for (var d = session.StartDate; d <= session.EndDate; d = d.AddDays(1))
        {
            yield return d;
        }
    }

    internal static object Line(int enrolmentId, DateOnly date, HalfDay halfDay, bool present) =>
        new { enrolmentId, date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), halfDay = halfDay.ToString(), present };

    internal static async Task<JsonElement> PostAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri(url, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> VerifyAsync(string token)
    {
        using var anonymous = fixture.Api.CreateClient();
        return await PostAsync(anonymous, "/v1/Attestations/Verify", new { token });
    }
}
