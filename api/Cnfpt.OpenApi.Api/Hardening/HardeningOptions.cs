namespace Cnfpt.OpenApi.Api.Hardening;

/// <summary>Settings of the "Hardening" configuration section (docs/security-hardening.md).</summary>
public sealed class HardeningOptions
{
    public const string Section = "Hardening";

    /// <summary>
    /// Largest request body Kestrel accepts, in bytes (1 MiB by default); a larger one is a 413 problem.
    /// Raise it for <c>$batch</c> here, or per endpoint with <c>[RequestSizeLimit]</c>.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// HSTS and redirection of plain HTTP to HTTPS outside Development. Off only where nothing can listen
    /// on HTTPS (tests on the in-memory server).
    /// </summary>
    public bool EnforceHttps { get; set; } = true;

    /// <summary>
    /// IP addresses of the reverse proxies that terminate TLS. When set, X-Forwarded-For and
    /// X-Forwarded-Proto are believed from these addresses only; when empty, they are ignored.
    /// </summary>
    public IList<string> KnownProxies { get; } = new List<string>();
}
