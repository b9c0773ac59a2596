using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Cnfpt.OpenApi.Sdk.Http;

/// <summary>
/// Client-credentials tokens from the API's <c>/connect/token</c>, kept until a minute before they expire and shared
/// by every call (one request in flight at a time: a burst of calls on a cold cache asks for one token, not fifty).
/// </summary>
internal sealed class TokenCache(HttpClient tokenClient, CnfptClientOptions options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expiresAt;

    public bool Enabled => options.ClientId is not null;

    /// <summary>A valid access token; <paramref name="rejected"/> is a token the API refused, never handed out again.</summary>
    public async ValueTask<string> GetAsync(string? rejected, CancellationToken cancellationToken)
    {
        if (rejected is null && _token is { } cached && clock.GetUtcNow() < _expiresAt)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed it while this one waited.
            if (_token is { } token && token != rejected && clock.GetUtcNow() < _expiresAt)
            {
                return token;
            }

            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = options.ClientId!,
                ["client_secret"] = options.ClientSecret!,
            };
            if (options.Scope is { Length: > 0 } scope)
            {
                form["scope"] = scope;
            }

            using var content = new FormUrlEncodedContent(form);
            using var response = await tokenClient.PostAsync(new Uri("connect/token", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
            var answer = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken).ConfigureAwait(false)
                ?? throw new CnfptProblemException("The token endpoint answered an empty body.");
            _token = answer.AccessToken;
            _expiresAt = clock.GetUtcNow() + TimeSpan.FromSeconds(answer.ExpiresIn) - Margin;
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
