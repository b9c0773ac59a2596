using Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Core.Enrolments;

/// <summary>What can happen to a bulletin (docs/enrolment.md draws it).</summary>
public enum EnrolmentTransition
{
    /// <summary>Automatic at receipt: the AR is issued.</summary>
    Acknowledge,

    /// <summary>A seat is taken (automatic while seats remain; back office; promotion from the waitlist).</summary>
    Accept,

    /// <summary>No seat left: queued in arrival order.</summary>
    Waitlist,

    /// <summary>The délégation refuses (back office).</summary>
    Refuse,

    /// <summary>The collectivité withdraws the agent, until the session starts, with a reason.</summary>
    Cancel,

    /// <summary>After attendance: the agent came.</summary>
    MarkAttended,

    /// <summary>After attendance: the agent did not come.</summary>
    MarkAbsent,
}

/// <summary>The enrolment lifecycle: submitted → acknowledged → accepted | waitlisted | refused → attended | absent; cancelled.</summary>
public static class EnrolmentStateMachine
{
    private static readonly Dictionary<(EnrolmentStatus, EnrolmentTransition), EnrolmentStatus> Moves = new()
    {
        [(EnrolmentStatus.Submitted, EnrolmentTransition.Acknowledge)] = EnrolmentStatus.Acknowledged,
        [(EnrolmentStatus.Acknowledged, EnrolmentTransition.Accept)] = EnrolmentStatus.Accepted,
        [(EnrolmentStatus.Acknowledged, EnrolmentTransition.Waitlist)] = EnrolmentStatus.Waitlisted,
        [(EnrolmentStatus.Acknowledged, EnrolmentTransition.Refuse)] = EnrolmentStatus.Refused,
        [(EnrolmentStatus.Acknowledged, EnrolmentTransition.Cancel)] = EnrolmentStatus.Cancelled,
        [(EnrolmentStatus.Waitlisted, EnrolmentTransition.Accept)] = EnrolmentStatus.Accepted,
        [(EnrolmentStatus.Waitlisted, EnrolmentTransition.Refuse)] = EnrolmentStatus.Refused,
        [(EnrolmentStatus.Waitlisted, EnrolmentTransition.Cancel)] = EnrolmentStatus.Cancelled,
        [(EnrolmentStatus.Accepted, EnrolmentTransition.Cancel)] = EnrolmentStatus.Cancelled,
        [(EnrolmentStatus.Accepted, EnrolmentTransition.MarkAttended)] = EnrolmentStatus.Attended,
        [(EnrolmentStatus.Accepted, EnrolmentTransition.MarkAbsent)] = EnrolmentStatus.Absent,
        // Attendance can be corrected within its correction period.
        [(EnrolmentStatus.Attended, EnrolmentTransition.MarkAbsent)] = EnrolmentStatus.Absent,
        [(EnrolmentStatus.Absent, EnrolmentTransition.MarkAttended)] = EnrolmentStatus.Attended,
    };

    /// <summary>Every allowed move, for documentation and tests.</summary>
    public static IEnumerable<(EnrolmentStatus From, EnrolmentTransition Transition, EnrolmentStatus To)> All =>
        Moves.Select(m => (m.Key.Item1, m.Key.Item2, m.Value));

    public static bool TryMove(EnrolmentStatus from, EnrolmentTransition transition, out EnrolmentStatus to) =>
        Moves.TryGetValue((from, transition), out to);

    /// <summary>Statuses in which the enrolment still counts (no second one for the same agent and session).</summary>
    public static bool IsLive(EnrolmentStatus status) => status is not (EnrolmentStatus.Cancelled or EnrolmentStatus.Refused);

    /// <summary>Statuses that hold a seat of the session.</summary>
    public static bool HoldsSeat(EnrolmentStatus status) => status is EnrolmentStatus.Accepted or EnrolmentStatus.Attended or EnrolmentStatus.Absent;
}
