namespace Cnfpt.OpenApi.Api.Auth;

/// <summary>Settings of the "Auth" configuration section.</summary>
public sealed class AuthOptions
{
    /// <summary>Lifetime of access tokens. Short: a revoked client or mandate stops working within it at worst.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// PEM of the RSA private key that signs access tokens. Required outside Development so that every API
    /// instance validates the others' tokens and tokens survive a restart; store it in a secret store.
    /// </summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>Use keys generated at start (sandbox, tests): tokens die with the process.</summary>
    public bool EphemeralKeys { get; set; }

    /// <summary>Refuse the token endpoint over plain HTTP. Off only for the sandbox and tests on 127.0.0.1.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>Register the demo clients (sandbox only): their ids and secrets are printed at start.</summary>
    public bool? DemoClients { get; set; }
}
