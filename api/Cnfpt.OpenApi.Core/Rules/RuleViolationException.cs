namespace Cnfpt.OpenApi.Core.Rules;

/// <summary>How a broken rule reads to a client; the API maps each kind to an HTTP status.</summary>
public enum RuleViolationKind
{
    /// <summary>The input itself is invalid (400).</summary>
    Invalid,

    /// <summary>The input names something that is not there for the caller (422).</summary>
    Unprocessable,

    /// <summary>The resource's state does not allow it now (409).</summary>
    Conflict,

    /// <summary>The resource does not exist for the caller (404).</summary>
    NotFound,

    /// <summary>The caller may not act for that collectivité (403).</summary>
    Forbidden,

    /// <summary>The representation the client saw is outdated (412).</summary>
    PreconditionFailed,
}

/// <summary>A business rule refused the operation; nothing was written. <see cref="Code"/> is stable (docs/errors.md).</summary>
public sealed class RuleViolationException : Exception
{
    public RuleViolationException(string code, RuleViolationKind kind, string detail, string? field = null)
        : base(detail)
    {
        Code = code;
        Kind = kind;
        Field = field;
    }

    public RuleViolationException()
        : this("rule-violation", RuleViolationKind.Conflict, "A rule refused the operation.")
    {
    }

    public RuleViolationException(string message)
        : this("rule-violation", RuleViolationKind.Conflict, message)
    {
    }

    public RuleViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "rule-violation";
    }

    public string Code { get; }

    public RuleViolationKind Kind { get; }

    public string? Field { get; }
}
