using System.Net;
using System.Text.Json;

namespace Cnfpt.OpenApi.Bench;

/// <summary>Before any load: both endpoints must answer the same rows, or the comparison means nothing.</summary>
internal static class Verification
{
    public static async Task<(Endpoint OData, Endpoint Raw, int[] Ids)> RunAsync(HttpClient http)
    {
        var (odataBytes, odata) = await GetAsync(http, BenchQuery.OData);
        var (rawBytes, raw) = await GetAsync(http, BenchQuery.Raw);
        using (odata)
        using (raw)
        {
            var odataRows = odata.RootElement.GetProperty("value");
            var rawRows = raw.RootElement.GetProperty("value");
            if (odataRows.GetArrayLength() != BenchQuery.Top)
            {
                throw new BenchFailedException(
                    $"OData returned {odataRows.GetArrayLength()} rows, not {BenchQuery.Top}: the filter no longer matches the seeded data (SeedOptions.ReferenceDate).");
            }

            if (rawRows.GetArrayLength() != odataRows.GetArrayLength())
            {
                throw new BenchFailedException($"OData returned {odataRows.GetArrayLength()} rows, the baseline {rawRows.GetArrayLength()}.");
            }

            var ids = new int[odataRows.GetArrayLength()];
            for (var i = 0; i < ids.Length; i++)
            {
                // Same id in the same place, then every property equal (numbers by value: 4.0 equals 4.00).
                if (!JsonElement.DeepEquals(odataRows[i], rawRows[i]))
                {
                    throw new BenchFailedException($"Row {i} differs.\n  OData: {odataRows[i]}\n  raw:   {rawRows[i]}");
                }

                ids[i] = odataRows[i].GetProperty("id").GetInt32();
            }

            return (new Endpoint("OData", BenchQuery.OData, odataBytes), new Endpoint("raw", BenchQuery.Raw, rawBytes), ids);
        }
    }

    private static async Task<(long Bytes, JsonDocument Body)> GetAsync(HttpClient http, Uri uri)
    {
        using var response = await http.GetAsync(uri);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchFailedException($"GET {uri} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }

        return (body.Length, JsonDocument.Parse(body));
    }
}
