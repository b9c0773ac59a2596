namespace Cnfpt.OpenApi.Cli;

/// <summary>The exit codes of <c>cnfpt</c>, documented in docs/cli.md: scripts branch on them.</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked was done.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure (a bug, an unreadable file).</summary>
    public const int Failure = 1;

    /// <summary>Bad command line or input file (missing column, unknown option).</summary>
    public const int Usage = 2;

    /// <summary>Some rows were not done (refused, unknown agent, invalid SIREN, waitlisted): see the result file.</summary>
    public const int PartialRows = 3;

    /// <summary>No credentials, or the API refused them (401, 403).</summary>
    public const int Authentication = 4;

    /// <summary>The API failed or was unreachable after retries (5xx, network, timeout).</summary>
    public const int Unavailable = 5;

    /// <summary><c>attestations verify</c>: the attestation was altered, or signed with another algorithm, issuer or key under a CNFPT kid.</summary>
    public const int AttestationTampered = 6;

    /// <summary><c>attestations verify --online</c>: genuine but revoked (replaced after a correction, or its key revoked).</summary>
    public const int AttestationRevoked = 7;

    /// <summary><c>attestations verify</c>: signed by a key the CNFPT does not publish.</summary>
    public const int AttestationUnknownKey = 8;

    /// <summary><c>attestations verify</c>: not a token, or a PDF without one.</summary>
    public const int AttestationMalformed = 9;
}
