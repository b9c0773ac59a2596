namespace Cnfpt.OpenApi.Sdk;

/// <summary>An entity with the ETag it was read or written with: pass <see cref="ETag"/> as If-Match to update it.</summary>
/// <typeparam name="T">The entity type.</typeparam>
public sealed class Versioned<T>
{
    /// <summary>Creates a versioned value.</summary>
    /// <param name="value">The entity.</param>
    /// <param name="etag">Its ETag, quotes included (<c>"4"</c>).</param>
    public Versioned(T value, string etag)
    {
        Value = value;
        ETag = etag;
    }

    /// <summary>The entity.</summary>
    public T Value { get; }

    /// <summary>Its ETag, quotes included (<c>"4"</c>): the version to send in <c>If-Match</c>.</summary>
    public string ETag { get; }
}
