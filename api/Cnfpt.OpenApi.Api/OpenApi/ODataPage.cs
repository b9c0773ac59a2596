using System.Text.Json.Serialization;

namespace Cnfpt.OpenApi.Api.OpenApi;

/// <summary>
/// The OData collection envelope as it appears on the wire. Only used to describe responses in OpenAPI:
/// the OData serializer writes the real thing.
/// </summary>
/// <typeparam name="T">The entity type of the collection.</typeparam>
public sealed class ODataPage<T>
{
    /// <summary>URL of the metadata fragment describing this payload.</summary>
    [JsonPropertyName("@odata.context")]
    public string? Context { get; init; }

    /// <summary>Total number of matching rows, when <c>$count=true</c> was asked.</summary>
    [JsonPropertyName("@odata.count")]
    public long? Count { get; init; }

    /// <summary>The rows of this page (at most 100).</summary>
    [JsonPropertyName("value")]
    public required IReadOnlyList<T> Value { get; init; }

    /// <summary>URL of the next page, absent on the last one. Follow it as is.</summary>
    [JsonPropertyName("@odata.nextLink")]
    public string? NextLink { get; init; }
}
