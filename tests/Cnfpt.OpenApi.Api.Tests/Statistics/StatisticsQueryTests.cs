using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cnfpt.OpenApi.Api.Tests.Statistics;

/// <summary><c>$apply</c> on the published cells against SQL written here on the raw enrolments; CSV; licence; suppression flags.</summary>
[Collection(StatisticsCollection.Name)]
public sealed class StatisticsQueryTests(StatisticsFixture fixture)
{
    private const string PublishedByYearAndRegion = "/v1/Statistics?$apply=filter(table eq 'cube' and suppressed eq false)/groupby((year,regionCode),aggregate(enrolments with sum as enrolments,traineeDays with sum as traineeDays,enrolments with average as meanEnrolments,$count as cells))&$orderby=year,regionCode";

    private const string ByYearAndRegion = "/v1/Statistics?$apply=filter(table eq 'cube')/groupby((year,regionCode),aggregate(enrolments with sum as enrolments,traineeDays with sum as traineeDays,enrolments with average as meanEnrolments,$count as cells))&$orderby=year,regionCode";

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Apply_OverPublishedCells_EqualsSqlOnTheRawEnrolments()
    {
        // SQL on the raw tables, restricted to the cube cells the release publishes.
        var raw = await QueryAsync("""
            WITH raw AS (
                SELECT extract(year FROM s.start_date)::int AS year, c.region_code, a.category, d.code AS domain,
                       co.modality, co.funding, count(*) AS n,
                       sum(CASE WHEN e.status = 'Attended' THEN co.duration_days ELSE 0 END) AS jfs
                FROM enrolments e
                JOIN sessions s ON s.id = e.session_id
                JOIN courses co ON co.id = s.course_id
                JOIN themes t ON t.id = co.theme_id
                JOIN domains d ON d.id = t.domain_id
                JOIN agents a ON a.id = e.agent_id
                JOIN collectivites c ON c.id = e.collectivite_id
                GROUP BY 1, 2, 3, 4, 5, 6)
            SELECT r.year, r.region_code, sum(r.n)::numeric, sum(r.jfs), count(*)::numeric, avg(r.n)
            FROM raw r
            JOIN statistics_cells p ON p."table" = 'cube' AND NOT p.suppressed AND p.year = r.year AND p.region_code = r.region_code
                AND p.category = r.category AND p.domain_code = r.domain AND p.modality = r.modality AND p.funding = r.funding
            GROUP BY 1, 2
            """);

        var rows = (await _client.GetJsonAsync(PublishedByYearAndRegion)).Values().ToList();

        Assert.NotEmpty(rows);
        Assert.Equal(raw.Count, rows.Count);
        foreach (var row in rows)
        {
            var truth = raw[(row.GetProperty("year").GetInt32(), row.GetProperty("regionCode").GetString()!)];
            Assert.False(row.GetProperty("suppressed").GetBoolean());
            Assert.Equal(truth[0], row.GetProperty("enrolments").GetDecimal());
            Assert.Equal(truth[1], row.GetProperty("traineeDays").GetDecimal());
            Assert.Equal(truth[2], row.GetProperty("cells").GetDecimal());
            Assert.Equal(Math.Round(truth[3]!.Value, 6), Math.Round(row.GetProperty("meanEnrolments").GetDecimal(), 6));
        }
    }

    [Fact]
    public async Task Apply_OverASuppressedCell_IsFlaggedWithNullMeasures_NeverAPartialSum()
    {
        var cells = await QueryAsync("""
            SELECT year, region_code, bool_or(suppressed)::int::numeric FROM statistics_cells WHERE "table" = 'cube' GROUP BY 1, 2
            """);

        var rows = (await _client.GetJsonAsync(ByYearAndRegion)).Values().ToList();

        Assert.Equal(cells.Count, rows.Count);
        foreach (var row in rows)
        {
            var key = (row.GetProperty("year").GetInt32(), row.GetProperty("regionCode").GetString()!);
            var hidden = cells[key][0] == 1;
            Assert.Equal(hidden, row.GetProperty("suppressed").GetBoolean());
            Assert.Equal(hidden, row.GetProperty("enrolments").ValueKind == JsonValueKind.Null);
            Assert.Equal(hidden, row.GetProperty("meanEnrolments").ValueKind == JsonValueKind.Null);
        }
    }

    [Fact]
    public async Task MarginalTotals_AreTheRawDistinctCounts_WhenPublished()
    {
        var raw = await QueryAsync("""
            SELECT extract(year FROM s.start_date)::int, c.region_code, count(DISTINCT e.agent_id)::numeric,
                   count(DISTINCT e.agent_id) FILTER (WHERE e.status = 'Attended')::numeric
            FROM enrolments e JOIN sessions s ON s.id = e.session_id JOIN collectivites c ON c.id = e.collectivite_id
            GROUP BY 1, 2
            """);

        var (rows, _) = await _client.GetAllPagesAsync("/v1/Statistics?$filter=table eq 'year-region' and suppressed eq false&$select=year,regionCode,agents,trainees", pageSize: 1000);

        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var truth = raw[(row.GetProperty("year").GetInt32(), row.GetProperty("regionCode").GetString()!)];
            Assert.Equal(truth[0], row.GetProperty("agents").GetDecimal());
            Assert.Equal(truth[1], row.GetProperty("trainees").GetDecimal());
            Assert.True(truth[0] >= StatisticsFixture.K);
        }
    }

    [Fact]
    public async Task PlantedSmallCell_IsNullAndFlagged_AndSoIsEveryRollupOverIt()
    {
        var cell = (await _client.GetJsonAsync($"/v1/Statistics?$filter=table eq 'cube' and domainCode eq '{StatisticsFixture.PlantedDomain}'")).Values().Single();
        Assert.True(cell.GetProperty("suppressed").GetBoolean());
        foreach (var measure in new[] { "agents", "trainees", "traineeDays", "enrolments", "attended", "pending" })
        {
            Assert.Equal(JsonValueKind.Null, cell.GetProperty(measure).ValueKind);
        }

        var margin = (await _client.GetJsonAsync($"/v1/Statistics?$filter=table eq 'year-domain' and domainCode eq '{StatisticsFixture.PlantedDomain}'")).Values().Single();
        Assert.True(margin.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, margin.GetProperty("agents").ValueKind);

        var rollup = (await _client.GetJsonAsync($"/v1/Statistics?$apply=filter(table eq 'cube' and year eq 2025)/groupby((domainCode),aggregate(traineeDays with sum as jfs))&$filter=domainCode eq '{StatisticsFixture.PlantedDomain}'")).Values().Single();
        Assert.True(rollup.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, rollup.GetProperty("jfs").ValueKind);

        // The database itself never holds a suppressed value: no query can read what is not there.
        await using var db = fixture.NewDbContext();
        Assert.False(await db.StatisticsCells.AnyAsync(c => c.Suppressed && (c.Agents != null || c.Enrolments != null || c.TraineeDays != null)));
    }

    [Fact]
    public async Task Json_NamesLicenceSourceAndDataDate_InHeadersAndBody()
    {
        using var response = await _client.GetAsync(new Uri(ByYearAndRegion, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Contains("inscriptions et présences", text, StringComparison.Ordinal);

        AssertLicenceHeaders(response);
        Assert.Equal("Licence Ouverte / Etalab 2.0", body.GetProperty("@cnfpt.licence").GetString());
        Assert.Equal("https://www.etalab.gouv.fr/licence-ouverte-open-licence/", body.GetProperty("@cnfpt.licenceUrl").GetString());
        Assert.StartsWith("CNFPT", body.GetProperty("@cnfpt.source").GetString(), StringComparison.Ordinal);
        Assert.Equal("2026-09-01", body.GetProperty("@cnfpt.dataDate").GetString());
    }

    [Theory]
    [InlineData("$format=csv", null)]
    [InlineData("", "text/csv")]
    public async Task Csv_ParsesBackToTheJsonRows_WithLicenceHeaders(string format, string? accept)
    {
        var query = "/v1/Statistics?$filter=table eq 'cube' and year eq 2025&$orderby=id&$top=500";
        var json = (await _client.GetJsonAsync(query)).Values().ToList();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(query + (format.Length > 0 ? "&" + format : ""), UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        AssertLicenceHeaders(response);
        Assert.DoesNotContain('#', text.Split("\r\n")[0]);
        var records = Rfc4180.Parse(text);
        var header = records[0];
        Assert.Contains("suppressed", header);
        Assert.Equal(json.Count, records.Count - 1);
        Assert.Contains(json, r => r.GetProperty("suppressed").GetBoolean());
        for (var i = 0; i < json.Count; i++)
        {
            foreach (var property in json[i].EnumerateObject().Where(p => !p.Name.StartsWith('@')))
            {
                var field = records[i + 1][header.IndexOf(property.Name)];
                var expected = property.Value.ValueKind switch
                {
                    JsonValueKind.Null => "",
                    JsonValueKind.String => property.Value.GetString(),
                    _ => property.Value.GetRawText(),
                };
                Assert.Equal(expected, field);
            }
        }
    }

    [Theory]
    [InlineData("$format=csv", null)]
    [InlineData("", "text/csv")]
    public async Task CsvExport_FollowingNextLinks_IsCsvOnEveryPage_AndHasEveryRow(string format, string? accept)
    {
        var expected = (await _client.GetJsonAsync("/v1/Statistics?$count=true&$top=0")).GetProperty("@odata.count").GetInt32();
        Assert.True(expected > CnfptQueryAttribute.MaxTopValue, "the export spans more than one page");

        var url = "/v1/Statistics?$orderby=id" + (format.Length > 0 ? "&" + format : "");
        var ids = new List<string>();
        var pages = 0;
        while (url is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.RelativeOrAbsolute));
            if (accept is not null && pages == 0)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept)); // the first request only: the links carry the format
            }

            using var response = await _client.SendAsync(request);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var records = Rfc4180.Parse(await response.Content.ReadAsStringAsync());
            ids.AddRange(records.Skip(1).Select(r => r[records[0].IndexOf("id")]));
            pages++;
            url = response.Headers.TryGetValues("Link", out var links)
                ? links.Where(l => l.EndsWith("rel=\"next\"", StringComparison.Ordinal)).Select(l => l[1..l.IndexOf('>', StringComparison.Ordinal)]).SingleOrDefault()
                : null;
        }

        Assert.True(pages > 1);
        Assert.Equal(expected, ids.Count);
        Assert.Equal(expected, ids.Distinct().Count());
    }

    [Fact]
    public void Rfc4180Parser_ReadsQuotedFieldsWithCommasQuotesAndLineBreaks()
    {
        var records = Rfc4180.Parse("a,b\r\n\"x, y\",\"say \"\"hi\"\"\r\nnext\"\r\n,\r\n");
        Assert.Equal(["a", "b"], records[0]);
        Assert.Equal(["x, y", "say \"hi\"\r\nnext"], records[1]);
        Assert.Equal(["", ""], records[2]);
    }

    [Fact]
    public async Task Apply_WithOtherTransformations_IsRefused()
    {
        using var response = await _client.GetAsync(new Uri("/v1/Statistics?$apply=compute(year add 1 as next)", UriKind.Relative));
        await response.AssertProblemAsync(System.Net.HttpStatusCode.BadRequest, "invalid-query");
    }

    private static void AssertLicenceHeaders(HttpResponseMessage response)
    {
        Assert.Contains(response.Headers.GetValues("Link"), l => l == "<https://www.etalab.gouv.fr/licence-ouverte-open-licence/>; rel=\"license\"");
        Assert.Equal("2026-09-01", response.Headers.GetValues("X-Data-Date").Single());
        Assert.StartsWith("CNFPT", response.Headers.GetValues("X-Data-Source").Single(), StringComparison.Ordinal);
    }

    /// <summary>Rows of a SQL query keyed by (year, région): the remaining columns as decimals.</summary>
    private async Task<Dictionary<(int, string), decimal?[]>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<(int, string), decimal?[]>();
        while (await reader.ReadAsync())
        {
            var values = new decimal?[reader.FieldCount - 2];
            for (var i = 2; i < reader.FieldCount; i++)
            {
                values[i - 2] = reader.IsDBNull(i) ? null : Convert.ToDecimal(reader.GetValue(i), CultureInfo.InvariantCulture);
            }

            result[(reader.GetInt32(0), reader.GetString(1))] = values;
        }

        return result;
    }
}

/// <summary>A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes, commas and line breaks inside.</summary>
internal static class Rfc4180
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                continue;
            }

            if (text[i] == ',')
            {
                record.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (text[i] == '\r')
            {
                Assert.True(i + 1 < text.Length && text[i + 1] == '\n', "a bare CR is not a record end in RFC 4180");
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i += 2;
            }
            else
            {
                Assert.NotEqual('\n', text[i]);
                field.Append(text[i++]);
            }
        }

        Assert.True(record.Count == 0 && field.Length == 0, "the last record must end with CRLF");
        return records;
    }
}
