namespace Cnfpt.OpenApi.Sdk;

/// <summary>Where the API is, who calls it, and how patiently.</summary>
public sealed class CnfptClientOptions
{
    /// <summary>The API's base address, e.g. <c>https://api.cnfpt.fr/</c> or the sandbox's <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The OAuth client id; leave it null for anonymous calls (catalogue, open-data statistics).</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth client secret (client credentials, <c>client_secret_post</c>).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Space-separated scopes to ask for; null asks for every scope the client holds.</summary>
    public string? Scope { get; set; }

    /// <summary>Retries after the first attempt, on 408, 429, 5xx, network errors and timeouts (default 4).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay before jitter, doubled at each retry, unless the server sends <c>Retry-After</c> (default 1 s).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time allowed to one attempt (default 30 s: a <c>$batch</c> of 100 enrolments under load needs several seconds).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed to a call with all its retries (default 3 min).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Adds an <c>Idempotency-Key</c> to every POST, PUT, PATCH and DELETE that has none (default true).</summary>
    public bool AutomaticIdempotencyKeys { get; set; } = true;

    /// <summary>
    /// The innermost handler (default: a <see cref="System.Net.Http.SocketsHttpHandler"/>): a proxy, a test server,
    /// a fault injector. Used by <see cref="CnfptClient(CnfptClientOptions)"/>; with dependency injection configure
    /// the <see cref="Microsoft.Extensions.DependencyInjection.IHttpClientBuilder"/> instead.
    /// </summary>
    public Func<HttpMessageHandler>? PrimaryHandler { get; set; }

    /// <summary>Where the SDK logs (retries, deprecation warnings) when built without dependency injection.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The <c>iss</c> an attestation token must carry to verify offline (default <c>https://api.cnfpt.fr</c>).</summary>
    public string AttestationIssuer { get; set; } = "https://api.cnfpt.fr";

    /// <summary>
    /// How long the attestation keys (<c>/.well-known/jwks.json</c>) are used before being fetched again (default 24 h). A
    /// token naming a key the cache does not hold fetches them at once, whatever their age; when the API cannot be
    /// reached, the keys held are used however old.
    /// </summary>
    public TimeSpan AttestationKeysMaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Where to keep the attestation keys between runs (e.g. a <see cref="FileAttestationKeyCache"/>), for offline verification with no network; null keeps them in memory only.</summary>
    public IAttestationKeyCache? AttestationKeyCache { get; set; }

    internal void Validate()
    {
        if (BaseAddress is null || !BaseAddress.IsAbsoluteUri)
        {
            throw new InvalidOperationException("CnfptClientOptions.BaseAddress must be an absolute URI, e.g. https://api.cnfpt.fr/.");
        }

        if (ClientId is not null && string.IsNullOrEmpty(ClientSecret))
        {
            throw new InvalidOperationException("CnfptClientOptions.ClientSecret is required when ClientId is set.");
        }

        if (MaxRetries is < 0 or > 10)
        {
            throw new InvalidOperationException("CnfptClientOptions.MaxRetries must be between 0 and 10.");
        }

        if (string.IsNullOrEmpty(AttestationIssuer))
        {
            throw new InvalidOperationException("CnfptClientOptions.AttestationIssuer is required (the iss of attestation tokens).");
        }
    }
}
