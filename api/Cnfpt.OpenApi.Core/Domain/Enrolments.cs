namespace Cnfpt.OpenApi.Core.Domain;

/// <summary>A bulletin d'inscription: one agent asked for one session by its collectivité.</summary>
public sealed class Enrolment
{
    public int Id { get; set; }
    /// <summary>The tenant: the agent's collectivité, denormalised so that tenant filters need no join.</summary>
    public int CollectiviteId { get; set; }
    public Collectivite? Collectivite { get; set; }
    public int AgentId { get; set; }
    public Agent? Agent { get; set; }
    public int SessionId { get; set; }
    public Session? Session { get; set; }
    public EnrolmentStatus Status { get; set; }
    public required string Motive { get; set; }
    public ObligationKind ObligationKind { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    /// <summary>The API client that submitted it.</summary>
    public required string SubmittedBy { get; set; }
    /// <summary>Arrival order among waitlisted enrolments of the session.</summary>
    public DateTimeOffset? WaitlistedAt { get; set; }
    public string? CancellationReason { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Row version: incremented on every update, the ETag of the resource.</summary>
    public int Version { get; set; } = 1;

    public List<EnrolmentEvent> Events { get; } = [];
    public Acknowledgement? Acknowledgement { get; set; }
}

/// <summary>One transition of an enrolment's lifecycle: who, when, why.</summary>
public sealed class EnrolmentEvent
{
    public long Id { get; set; }
    public int EnrolmentId { get; set; }
    public Enrolment? Enrolment { get; set; }
    public EnrolmentStatus? FromStatus { get; set; }
    public EnrolmentStatus ToStatus { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public required string Actor { get; set; }
    public string? Reason { get; set; }
}

/// <summary>Accusé de réception of a bulletin: numbered (AR-2026-000123), timestamped, with the bulletin's content.</summary>
public sealed class Acknowledgement
{
    public int Id { get; set; }
    public int EnrolmentId { get; set; }
    public Enrolment? Enrolment { get; set; }
    public int CollectiviteId { get; set; }
    public required string Number { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>The bulletin as received, as JSON, so that the AR never changes when the enrolment does.</summary>
    public required string Content { get; set; }
    /// <summary>Set when the collectivité exchanges on paper and the AR was put in a print batch.</summary>
    public int? PrintBatchId { get; set; }
}

/// <summary>Presence of an enrolled agent for one half-day of a session.</summary>
public sealed class AttendanceRecord
{
    public long Id { get; set; }
    public int EnrolmentId { get; set; }
    public Enrolment? Enrolment { get; set; }
    public int CollectiviteId { get; set; }
    public DateOnly Date { get; set; }
    public HalfDay HalfDay { get; set; }
    public bool Present { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    /// <summary>The record this one corrects; corrected records stay for the audit trail.</summary>
    public long? SupersedesId { get; set; }
    public bool IsCurrent { get; set; } = true;
}

/// <summary>Attestation de suivi of an attended enrolment; signed, verifiable, revocable.</summary>
public sealed class Attestation
{
    public int Id { get; set; }
    public required string Number { get; set; }
    public int EnrolmentId { get; set; }
    public Enrolment? Enrolment { get; set; }
    public int CollectiviteId { get; set; }
    /// <summary>The agent and session of the enrolment, denormalised for filters (<c>$filter=agentId eq 42</c>).</summary>
    public int AgentId { get; set; }
    public Agent? Agent { get; set; }
    public int SessionId { get; set; }
    public Session? Session { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public decimal DaysAttended { get; set; }
    public int HalfDaysAttended { get; set; }
    public ObligationKind ObligationKind { get; set; }
    public AttestationStatus Status { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevocationReason { get; set; }
    public int? ReplacedById { get; set; }
    /// <summary>Key id of the signing key (JWS <c>kid</c>).</summary>
    public string? KeyId { get; set; }
    public string? SignedToken { get; set; }
    public int? PrintBatchId { get; set; }
}

/// <summary>Paper documents (AR, attestations) of paper collectivités, grouped per day for mailing.</summary>
public sealed class PrintBatch
{
    public int Id { get; set; }

    /// <summary>The day whose documents the batch gathers (one batch per day).</summary>
    public DateOnly Day { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set when the back office marks the batch printed and sent.</summary>
    public DateTimeOffset? SentAt { get; set; }
    public string? SentBy { get; set; }
}

/// <summary>
/// A write request seen under an Idempotency-Key: its hash while it runs, then its response for 24 h, so that
/// a retry replays the first answer instead of writing twice. Shared by every API instance through the database.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string ClientId { get; set; }
    public required string Key { get; set; }

    /// <summary>SHA-256 of method, path and body: the same key with another request is refused.</summary>
    public required string RequestHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Null while the first request is still running.</summary>
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public byte[]? ResponseBody { get; set; }

    /// <summary>Headers to replay (Location, ETag), as JSON.</summary>
    public string? ResponseHeaders { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
