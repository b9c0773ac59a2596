using System.Security.Cryptography;
using System.Text.Json;

namespace Cnfpt.OpenApi.Sdk.Attestations;

/// <summary>
/// The CNFPT attestation keys (<c>/.well-known/jwks.json</c>), fetched once and cached: in memory for
/// <see cref="CnfptClientOptions.AttestationKeysMaxAge"/>, and in <see cref="CnfptClientOptions.AttestationKeyCache"/>
/// when one is set. A token naming a <c>kid</c> the cache does not hold (a key rotated in since) fetches the set
/// again, once per unknown <c>kid</c>: a stream of forged kids cannot turn verification into a flood of requests.
/// When the network fails, the keys already held are used, however old: offline verification is the point.
/// </summary>
internal sealed class AttestationKeyStore(CnfptClientOptions options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _refetchedFor = new(StringComparer.Ordinal);
    private Dictionary<string, ECDsa>? _keys;
    private DateTimeOffset _fetchedAt;
    private bool _persistedRead;

    /// <summary>The key named <paramref name="keyId"/>, or null with the reason it could not be found.</summary>
    public async Task<(ECDsa? Key, string? Problem)> FindAsync(HttpClient http, string keyId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_persistedRead)
            {
                _persistedRead = true;
                if (_keys is null && options.AttestationKeyCache is { } cache && await cache.ReadAsync(cancellationToken).ConfigureAwait(false) is { } saved
                    && Parse(saved.Jwks) is { } parsed)
                {
                    (_keys, _fetchedAt) = (parsed, saved.FetchedAt);
                }
            }

            string? problem = null;
            var fetched = false;
            if (_keys is null || time.GetUtcNow() - _fetchedAt >= options.AttestationKeysMaxAge)
            {
                problem = await RefreshAsync(http, cancellationToken).ConfigureAwait(false);
                fetched = problem is null;
            }

            if (_keys?.TryGetValue(keyId, out var key) == true)
            {
                return (key, null);
            }

            if (!fetched && _keys is not null && _refetchedFor.Add(keyId))
            {
                problem = await RefreshAsync(http, cancellationToken).ConfigureAwait(false);
                if (_keys.TryGetValue(keyId, out key))
                {
                    return (key, null);
                }
            }

            return (null, problem);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Fetches the key set; on failure keeps what it had and returns why.</summary>
    private async Task<string?> RefreshAsync(HttpClient http, CancellationToken cancellationToken)
    {
        string jwks;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(".well-known/jwks.json", UriKind.Relative));
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            jwks = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or CnfptProblemException or TimeoutException or Polly.ExecutionRejectedException
                                      or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"the CNFPT keys could not be fetched ({e.Message})";
        }

        var parsed = Parse(jwks) ?? throw new CnfptProblemException("The API's /.well-known/jwks.json is not a JWK Set of EC P-256 keys.");
        var now = time.GetUtcNow();
        (_keys, _fetchedAt) = (parsed, now);
        if (options.AttestationKeyCache is { } cache)
        {
            await cache.WriteAsync(new CachedAttestationKeys(jwks, now), cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>The P-256 signature keys of a JWK Set by <c>kid</c>; null if the document is not a JWK Set.</summary>
    internal static Dictionary<string, ECDsa>? Parse(string jwks)
    {
        try
        {
            using var document = JsonDocument.Parse(jwks);
            var keys = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
            foreach (var jwk in document.RootElement.GetProperty("keys").EnumerateArray())
            {
                if (Text(jwk, "kty") != "EC" || Text(jwk, "crv") != "P-256" || Text(jwk, "kid") is not { Length: > 0 } kid
                    || Text(jwk, "alg") is { } alg && alg != "ES256" || Text(jwk, "use") is { } use && use != "sig")
                {
                    continue;
                }

                var x = Base64Url.Decode(Text(jwk, "x"));
                var y = Base64Url.Decode(Text(jwk, "y"));
                if (x is not { Length: 32 } || y is not { Length: 32 })
                {
                    continue;
                }

                keys[kid] = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
            }

            return keys;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or CryptographicException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>base64url without padding (RFC 7515 §2), which .NET 8 lacks.</summary>
internal static class Base64Url
{
    public static byte[]? Decode(string? text)
    {
        // Padding, '+' and '/' are base64, not base64url: a token carrying them was not written by a JOSE signer.
        if (text is null || text.AsSpan().IndexOfAny("+/=") >= 0 || text.Length % 4 == 1)
        {
            return null;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        try
        {
            return Convert.FromBase64String(base64 + new string('=', (4 - base64.Length % 4) % 4));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
