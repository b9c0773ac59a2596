using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Core.Attendance;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Attendance;

/// <summary>One line of a feuille d'émargement in a <c>Record</c> call.</summary>
public sealed class AttendanceLine
{
    public int EnrolmentId { get; set; }

    public DateOnly Date { get; set; }

    public HalfDay HalfDay { get; set; }

    public bool Present { get; set; }
}

/// <summary>What a <c>Record</c> call did; <c>reissuedAttestations</c> are the numbers issued to replace revoked ones.</summary>
public sealed class AttendanceSummary
{
    public int Recorded { get; set; }

    public int Corrected { get; set; }

    public int Unchanged { get; set; }

    public List<string> ReissuedAttestations { get; } = [];
}

/// <summary>What closing a session did: the enrolments attended and absent, and the attestations issued.</summary>
public sealed class SessionClosureSummary
{
    public int SessionId { get; set; }

    public int Attended { get; set; }

    public int Absent { get; set; }

    public List<string> IssuedAttestations { get; } = [];
}

/// <summary>
/// Attendance per enrolment and half-day (back office: <c>attendance.write</c>). Records are never updated: a
/// correction adds a record that supersedes the previous one (<c>supersedesId</c>, <c>isCurrent</c>), so the
/// history of a half-day is its records in id order. Closing a session sets each accepted enrolment attended or
/// absent and issues the attestations, in one transaction. docs/attestations.md.
/// </summary>
public sealed class AttendanceRecordsController(CnfptDbContext db, AttendanceWorkflow workflow, CallerAccessor caller) : ODataController
{
    /// <summary>Lists attendance records of the caller's collectivités (current ones: <c>$filter=isCurrent</c>).</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public IQueryable<AttendanceRecord> Get() => db.AttendanceRecords.AsNoTracking();

    /// <summary>Reads one attendance record.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public SingleResult<AttendanceRecord> Get(long key) => SingleResult.Create(db.AttendanceRecords.AsNoTracking().Where(r => r.Id == key));

    /// <summary>
    /// Records presence in bulk for one session: <c>{"sessionId": 42, "records": [{"enrolmentId", "date", "halfDay", "present"}]}</c>.
    /// From the session's first day until <c>Attestations:CorrectionDays</c> after its last; on a closed session a
    /// change revokes the enrolment's attestation and issues a new one.
    /// </summary>
    [HttpPost]
    [RequiresScope(Scopes.AttendanceWrite)]
    [ProducesResponseType<AttendanceSummary>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Record(ODataActionParameters parameters, CancellationToken cancellationToken)
    {
        var sessionId = SessionIdOf(parameters);
        if (parameters?.TryGetValue("records", out var value) != true || value is not IEnumerable<AttendanceLine> lines)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed,
                "records is required: [{\"enrolmentId\": 1, \"date\": \"2026-11-23\", \"halfDay\": \"Morning\", \"present\": true}, …].", "records");
        }

        var entries = lines.Select(l => new AttendanceEntry(l.EnrolmentId, l.Date, l.HalfDay, l.Present)).ToList();
        var result = await workflow.RecordAsync(sessionId, entries, caller.Caller.ClientId!, cancellationToken);
        var summary = new AttendanceSummary { Recorded = result.Recorded, Corrected = result.Corrected, Unchanged = result.Unchanged };
        summary.ReissuedAttestations.AddRange(result.Reissued.Select(a => a.Number));
        return Ok(summary);
    }

    /// <summary>
    /// Closes a session (<c>{"sessionId": 42}</c>), from its last day: each accepted enrolment becomes Attended (at
    /// least one half-day present) or Absent, the session Completed, and each attended enrolment gets its attestation.
    /// </summary>
    [HttpPost]
    [RequiresScope(Scopes.AttendanceWrite)]
    [ProducesResponseType<SessionClosureSummary>(StatusCodes.Status200OK)]
    public async Task<IActionResult> CloseSession(ODataActionParameters parameters, CancellationToken cancellationToken)
    {
        var closure = await workflow.CloseAsync(SessionIdOf(parameters), caller.Caller.ClientId!, cancellationToken);
        var summary = new SessionClosureSummary { SessionId = closure.SessionId, Attended = closure.Attended, Absent = closure.Absent };
        summary.IssuedAttestations.AddRange(closure.Issued.Select(a => a.Number));
        return Ok(summary);
    }

    private static int SessionIdOf(ODataActionParameters? parameters) =>
        parameters?.TryGetValue("sessionId", out var value) == true && value is int id
            ? id
            : throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "sessionId (an integer) is required.", "sessionId");
}
