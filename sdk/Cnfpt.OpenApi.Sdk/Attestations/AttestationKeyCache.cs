using System.Text;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>The attestation keys (JWK Set) as fetched from <c>/.well-known/jwks.json</c>, and when.</summary>
/// <param name="Jwks">The JWK Set document, as the API served it.</param>
/// <param name="FetchedAt">When it was fetched: it is fetched again after <see cref="CnfptClientOptions.AttestationKeysMaxAge"/>.</param>
public sealed record CachedAttestationKeys(string Jwks, DateTimeOffset FetchedAt);

/// <summary>
/// Keeps the attestation keys between runs, so that offline verification works with no network at all (a laptop
/// on a site visit, an archive server): set <see cref="CnfptClientOptions.AttestationKeyCache"/>. Without one,
/// the keys are cached in memory for the life of the client.
/// </summary>
public interface IAttestationKeyCache
{
    /// <summary>The keys saved last, or null if none were.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The saved keys.</returns>
    Task<CachedAttestationKeys?> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Saves the keys just fetched.</summary>
    /// <param name="keys">The keys.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task WriteAsync(CachedAttestationKeys keys, CancellationToken cancellationToken = default);
}

/// <summary>
/// The attestation keys in a file (the JWK Set as served; the file's time is the fetch time). Public keys only:
/// nothing secret is written. A file that cannot be read is treated as absent.
/// </summary>
/// <param name="path">The file, e.g. <c>~/.config/cnfpt/jwks.json</c>; its directory is created on first write.</param>
public sealed class FileAttestationKeyCache(string path) : IAttestationKeyCache
{
    /// <summary>The file.</summary>
    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    /// <inheritdoc />
    public async Task<CachedAttestationKeys?> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var jwks = await File.ReadAllTextAsync(Path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
            return new CachedAttestationKeys(jwks, new DateTimeOffset(File.GetLastWriteTimeUtc(Path), TimeSpan.Zero));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(CachedAttestationKeys keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        // Written aside then moved: a concurrent reader never sees half a key set.
        var temporary = Path + ".tmp";
        await File.WriteAllTextAsync(temporary, keys.Jwks, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        File.SetLastWriteTimeUtc(temporary, keys.FetchedAt.UtcDateTime);
        File.Move(temporary, Path, overwrite: true);
    }
}
