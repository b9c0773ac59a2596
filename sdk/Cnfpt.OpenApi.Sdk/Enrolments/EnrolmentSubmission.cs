using System.Net;
using System.Text.Json.Serialization;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>
/// A bulletin to submit. Hand-written rather than the generated <c>EnrolmentRequest</c>: there, the optional
/// <c>obligationKind</c> is a non-nullable enum (the contract does not mark it nullable), so an unset value would be
/// sent as <c>None</c> instead of letting the server take the course's obligation.
/// </summary>
public sealed class EnrolmentSubmission
{
    /// <summary>The agent's id.</summary>
    [JsonPropertyName("agentId")]
    public required int AgentId { get; init; }

    /// <summary>The session's id.</summary>
    [JsonPropertyName("sessionId")]
    public required int SessionId { get; init; }

    /// <summary>Why the agent takes the course (at most 500 characters).</summary>
    [JsonPropertyName("motive")]
    public required string Motive { get; init; }

    /// <summary>The training obligation it fulfils; null takes the course's.</summary>
    [JsonPropertyName("obligationKind")]
    [JsonConverter(typeof(JsonStringEnumConverter<ObligationKind>))]
    public ObligationKind? ObligationKind { get; init; }

    /// <summary>A comment for the CNFPT (at most 2000 characters).</summary>
    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    /// <summary>
    /// The submission's Idempotency-Key; null draws a new one. Give a key derived from your own record (the CLI uses
    /// the file and row) so that submitting again after a crash enrols nobody twice.
    /// </summary>
    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}

/// <summary>What became of one submission of a bulk enrolment.</summary>
public sealed class EnrolmentOutcome
{
    /// <summary>The submission's position in the input.</summary>
    public required int Index { get; init; }

    /// <summary>The submission.</summary>
    public required EnrolmentSubmission Submission { get; init; }

    /// <summary>The HTTP status of its answer (201 created, 4xx refused).</summary>
    public required HttpStatusCode Status { get; init; }

    /// <summary>The enrolment (Accepted or Waitlisted) when it was created or replayed.</summary>
    public Enrolment? Enrolment { get; init; }

    /// <summary>Why it was refused, when it was.</summary>
    public CnfptProblem? Problem { get; init; }

    /// <summary>True when the API replayed the answer of an earlier submission with the same key (nothing written again).</summary>
    public bool Replayed { get; init; }

    /// <summary>True when the enrolment exists (created now or earlier under the same key).</summary>
    public bool Succeeded => Enrolment is not null;
}
