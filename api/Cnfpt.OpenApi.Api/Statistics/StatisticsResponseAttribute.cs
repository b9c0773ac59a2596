using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Cnfpt.OpenApi.Core.Data;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Cnfpt.OpenApi.Api.Statistics;

/// <summary>
/// Around every statistics request (this controller only): (1) makes each <c>$apply</c> aggregation also sum
/// <c>suppressedCells</c>, so that a rollup covering a suppressed cell is returned as suppressed (measures
/// null, <c>suppressed: true</c>) instead of a partial sum; (2) names the licence, source and data date in
/// headers and, for JSON, as instance annotations of the body; (3) answers CSV (RFC 4180) for
/// <c>Accept: text/csv</c> or <c>$format=csv</c>, from the same rows as the JSON.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StatisticsResponseAttribute : Attribute, IAsyncResourceFilter
{
    public const string LicenceUrl = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";
    public const string LicenceName = "Licence Ouverte / Etalab 2.0";
    public const string Source = "CNFPT, inscriptions et présences aux formations (API ouverte, /v1/Statistics)";
    public const string SourceHeader = "CNFPT, enrolment and attendance records (open API, /v1/Statistics)";

    /// <summary>Properties that identify a row; every other property of an aggregated row is a measure.</summary>
    private static readonly HashSet<string> Dimensions = ["id", "table", "year", "regionCode", "departementCode", "communeCode", "collectiviteType", "strate", "category", "domainCode", "themeCode", "modality", "funding", "suppressed", "suppressedCells"];

    /// <summary>Accented text (région names, the source) as UTF-8, not \u escapes; HTML-sensitive characters stay escaped.</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var csv = RewriteRequest(http.Request);

        var db = http.RequestServices.GetRequiredService<CnfptDbContext>();
        var release = await db.StatisticsReleases.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(http.RequestAborted);
        var dataDate = release?.DataDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next();
        }
        finally
        {
            http.Response.Body = original;
        }

        var headers = http.Response.Headers;
        headers.Append(HeaderNames.Link, $"<{LicenceUrl}>; rel=\"license\"");
        headers["X-Licence"] = LicenceName.Replace('/', '-').Replace("  ", " ", StringComparison.Ordinal);
        headers["X-Data-Source"] = SourceHeader;
        if (dataDate is not null)
        {
            headers["X-Data-Date"] = dataDate;
        }

        var isJson = http.Response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        if (http.Response.StatusCode != StatusCodes.Status200OK || !isJson)
        {
            buffer.Position = 0;
            http.Response.ContentLength = buffer.Length;
            await buffer.CopyToAsync(original, http.RequestAborted);
            return;
        }

        var root = JsonNode.Parse(buffer.ToArray())!.AsObject();
        var rows = root["value"]?.AsArray() ?? [];
        foreach (var row in rows.OfType<JsonObject>())
        {
            Protect(row);
        }

        byte[] body;
        if (csv)
        {
            if (root["@odata.nextLink"]?.GetValue<string>() is { } nextLink)
            {
                // OData built the link from the rewritten request (no $format): put CSV back, so that following
                // the links of a CSV export yields CSV whether it was asked by $format or by Accept.
                var csvLink = nextLink + (nextLink.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "$format=csv";
                headers.Append(HeaderNames.Link, $"<{csvLink}>; rel=\"next\"");
            }

            http.Response.ContentType = "text/csv; charset=utf-8; header=present";
            headers.ContentDisposition = "inline; filename=\"cnfpt-statistics.csv\"";
            body = Encoding.UTF8.GetBytes(ToCsv(rows));
        }
        else
        {
            body = JsonSerializer.SerializeToUtf8Bytes(Annotated(root, dataDate), Json);
        }

        http.Response.ContentLength = body.Length;
        await original.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>Takes <c>$format=csv</c> and <c>Accept: text/csv</c> out of the request (OData then answers JSON) and injects the suppression count into <c>$apply</c>.</summary>
    private static bool RewriteRequest(HttpRequest request)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
        var csv = false;
        if (query.TryGetValue("$format", out var format) && string.Equals(format.ToString(), "csv", StringComparison.OrdinalIgnoreCase))
        {
            csv = true;
            query.Remove("$format");
        }

        if (request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            csv = true;
        }

        if (csv)
        {
            request.Headers.Accept = "application/json";
        }

        if (query.TryGetValue("$apply", out var apply))
        {
            query["$apply"] = ApplyRewriter.CountSuppressed(apply.ToString());
        }

        if (query.TryGetValue("$select", out var select) && !select.ToString().Split(',').Select(s => s.Trim()).Contains("suppressed"))
        {
            query["$select"] = select + ",suppressed";
        }

        var builder = new QueryBuilder();
        foreach (var (key, values) in query)
        {
            foreach (var value in values)
            {
                builder.Add(key, value ?? "");
            }
        }

        request.QueryString = builder.ToQueryString();
        request.Query = new QueryCollection(query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal));
        return csv;
    }

    /// <summary>
    /// An aggregated row covering a suppressed cell is itself suppressed: every measure null. A row without
    /// <c>suppressedCells</c> (which the rewrite always adds) is treated as suppressed: fail closed.
    /// </summary>
    private static void Protect(JsonObject row)
    {
        row.Remove("@odata.id");
        // A published cell as stored (no aggregation): its flag and nulls come from the database. $select
        // always keeps "suppressed" (see RewriteRequest), and every groupby/aggregate row has suppressedCells.
        if (row["suppressedCells"] is null && row["suppressed"] is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return;
        }

        var hidden = row["suppressedCells"] is not { } count || count.GetValue<decimal>() > 0;
        if (hidden)
        {
            foreach (var name in row.Select(p => p.Key).Where(n => !Dimensions.Contains(n) && !n.StartsWith('@')).ToList())
            {
                row[name] = null;
            }
        }

        row["suppressed"] = hidden;
    }

    private static JsonObject Annotated(JsonObject root, string? dataDate)
    {
        var result = new JsonObject();
        foreach (var (name, value) in root.ToList())
        {
            root.Remove(name);
            result[name] = value;
            if (name == "@odata.context")
            {
                AddAnnotations();
            }
        }

        if (!result.ContainsKey("@cnfpt.licence"))
        {
            AddAnnotations();
        }

        return result;

        void AddAnnotations()
        {
            result["@cnfpt.licence"] = LicenceName;
            result["@cnfpt.licenceUrl"] = LicenceUrl;
            result["@cnfpt.source"] = Source;
            result["@cnfpt.dataDate"] = dataDate;
        }
    }

    /// <summary>RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, quote or line break; null is empty.</summary>
    internal static string ToCsv(JsonArray rows)
    {
        var columns = new List<string>();
        foreach (var row in rows.OfType<JsonObject>())
        {
            foreach (var (name, _) in row)
            {
                if (!name.StartsWith('@') && !columns.Contains(name))
                {
                    columns.Add(name);
                }
            }
        }

        if (!columns.Contains("suppressed"))
        {
            columns.Add("suppressed");
        }

        var text = new StringBuilder();
        text.Append(string.Join(',', columns.Select(Field))).Append("\r\n");
        foreach (var row in rows.OfType<JsonObject>())
        {
            text.Append(string.Join(',', columns.Select(c => Field(Value(row[c]))))).Append("\r\n");
        }

        return text.ToString();

        static string Value(JsonNode? node) => node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };

        static string Field(string value) =>
            value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
