using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Cnfpt.OpenApi.Sdk.Http;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>Reads a collection to its end, one page at a time, following <c>@odata.nextLink</c> as the server wrote it.</summary>
internal static class ODataPaging
{
    public static async IAsyncEnumerable<T> ListAllAsync<T>(
        HttpClient http, string entitySet, ODataQuery<T>? query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = query?.ToString();
        string? next = JsonRequests.Path(entitySet) + (string.IsNullOrEmpty(options) ? "" : "?" + options);
        while (next is not null)
        {
            Page<T> page;
            using (var request = JsonRequests.Create(HttpMethod.Get, next))
            using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
            {
                page = await JsonRequests.ReadAsync<Page<T>>(response, cancellationToken).ConfigureAwait(false);
            }

            foreach (var row in page.Value ?? [])
            {
                yield return row;
            }

            next = page.NextLink;
        }
    }

    private sealed class Page<T>
    {
        [JsonPropertyName("value")]
        public List<T>? Value { get; set; }

        [JsonPropertyName("@odata.nextLink")]
        public string? NextLink { get; set; }
    }
}
