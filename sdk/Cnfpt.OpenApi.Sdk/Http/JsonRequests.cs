using System.Net.Http.Headers;
using System.Text.Json;

namespace Cnfpt.OpenApi.Sdk.Http;

/// <summary>The few raw calls of the hand-written core (ETags, actions, paging): JSON in, JSON and headers out.</summary>
internal static class JsonRequests
{
    public static string Path(string relative) => $"{CnfptClient.ApiVersion}/{relative}";

    public static HttpRequestMessage Create(HttpMethod method, string url, object? body = null, string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.RelativeOrAbsolute));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            // Bytes, not a stream: the retry handler re-sends the same content, byte for byte (the Idempotency-Key
            // replay compares the request's hash).
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), CnfptGeneratedClientBase.Json));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHandler.Header, idempotencyKey);
        }

        return request;
    }

    /// <summary>Sends and reads the entity with its ETag (errors were already turned into exceptions by the pipeline).</summary>
    public static async Task<Versioned<T>> SendVersionedAsync<T>(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            var value = await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
            var etag = response.Headers.ETag?.ToString() ?? "*";
            return new Versioned<T>(value, etag);
        }
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, CnfptGeneratedClientBase.Json, cancellationToken).ConfigureAwait(false)
                ?? throw new CnfptProblemException($"The API answered an empty body to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}.");
        }
    }
}
