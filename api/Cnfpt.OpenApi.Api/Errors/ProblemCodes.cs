namespace Cnfpt.OpenApi.Api.Errors;

/// <summary>
/// Every <c>code</c> a problem response can carry. Clients branch on these, never on <c>detail</c>:
/// a code is never renamed or reused. docs/errors.md says what a client should do for each.
/// </summary>
public static class ProblemCodes
{
    public const string InvalidQuery = "invalid-query";
    public const string UnknownQueryOption = "unknown-query-option";
    public const string TopTooLarge = "top-too-large";
    public const string QueryTooComplex = "query-too-complex";
    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string NotAcceptable = "not-acceptable";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string BadRequest = "bad-request";
    public const string InternalError = "internal-error";
    public const string ValidationFailed = "validation-failed";
    public const string Unauthorized = "unauthorized";
    public const string InsufficientScope = "insufficient-scope";
    public const string CallerKindNotAllowed = "caller-kind-not-allowed";
    public const string NotMandated = "not-mandated";
    public const string ClientExists = "client-exists";
    public const string Conflict = "conflict";
    public const string PreconditionRequired = "precondition-required";
    public const string PreconditionFailed = "precondition-failed";
    public const string AgentExists = "agent-exists";
    public const string ServiceUnavailable = "service-unavailable";
    public const string RateLimited = "rate-limited";
    public const string PayloadTooLarge = "payload-too-large";
    public const string AlreadySent = "already-sent";
    public const string InvalidIdempotencyKey = "invalid-idempotency-key";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string IdempotencyInProgress = "idempotency-in-progress";
    public const string BatchTooLarge = "batch-too-large";
    public const string UnknownApiVersion = "unknown-api-version";
    public const string AttestationRevoked = "attestation-revoked";

    /// <summary>The code used when a response has a status but nothing more specific was said.</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => BadRequest,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status406NotAcceptable => NotAcceptable,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status503ServiceUnavailable => ServiceUnavailable,
        >= 500 => InternalError,
        _ => BadRequest,
    };

    /// <summary>Problem <c>type</c>: a URN per code (documented in docs/errors.md).</summary>
    public static string TypeOf(string code) => "urn:cnfpt:problem:" + code;
}
