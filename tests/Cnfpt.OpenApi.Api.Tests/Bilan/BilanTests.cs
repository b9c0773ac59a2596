using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Api.Tests.Security;
using Cnfpt.OpenApi.Core.Documents;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using UglyToad.PdfPig;

namespace Cnfpt.OpenApi.Api.Tests.Bilan;

/// <summary>
/// The bilan formation of a seeded collectivité through the API (vendor A, mandated by collectivités 1–5),
/// against SQL written here on the raw enrolments; CSV parsed back; PDF read back by text extraction.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class BilanTests(SecurityFixture fixture)
{
    private const int Collectivite = 1;
    private const int Year = 2026;
    private static readonly string Url = $"/v1/Collectivites({Collectivite})/Bilan(year={Year})";

    [Fact]
    public async Task Json_EqualsAnIndependentSqlComputation()
    {
        using var client = await VendorAsync();
        var bilan = await client.GetJsonAsync(Url);

        var totals = await RowsAsync("""
            SELECT count(DISTINCT e.agent_id) FILTER (WHERE e.status = 'Attended'), coalesce(sum(co.duration_days) FILTER (WHERE e.status = 'Attended'), 0),
                   count(*), count(*) FILTER (WHERE e.status = 'Attended'), count(*) FILTER (WHERE e.status = 'Absent'), count(*) FILTER (WHERE e.status = 'Cancelled')
            FROM enrolments e JOIN sessions s ON s.id = e.session_id JOIN courses co ON co.id = s.course_id
            WHERE e.collectivite_id = @c AND s.start_date >= make_date(@y, 1, 1) AND s.start_date < make_date(@y + 1, 1, 1)
            """);
        var total = Assert.Single(totals).Value;
        Assert.True(total[2] > 0, "the seeded collectivité has enrolments that year");
        Assert.Equal(Collectivite, bilan.GetProperty("collectiviteId").GetInt32());
        Assert.Equal(total[0], bilan.GetProperty("agentsTrained").GetDecimal());
        Assert.Equal(total[1], bilan.GetProperty("traineeDays").GetDecimal());
        Assert.Equal(total[2], bilan.GetProperty("enrolments").GetDecimal());
        Assert.Equal(total[3], bilan.GetProperty("attended").GetDecimal());
        Assert.Equal(total[4], bilan.GetProperty("absences").GetDecimal());
        Assert.Equal(total[5], bilan.GetProperty("cancellations").GetDecimal());

        await AssertBreakdownAsync(bilan, "byCategory", "a.category", withEmpty: true);
        await AssertBreakdownAsync(bilan, "byTheme", "t.code");
        await AssertBreakdownAsync(bilan, "byModality", "co.modality");
        await AssertBreakdownAsync(bilan, "obligations", "e.obligation_kind", "e.obligation_kind <> 'None'");
        await AssertBreakdownAsync(bilan, "funding", "coalesce(co.paid_reason, 'Cotisation')");
        Assert.Equal(total[1], bilan.GetProperty("byCategory").EnumerateArray().Sum(l => l.GetProperty("traineeDays").GetDecimal()));
    }

    [Fact]
    public async Task V2_AnswersTheSameBilanAndPeerComparison_AsV1()
    {
        using var client = await VendorAsync();
        foreach (var function in new[] { $"Bilan(year={Year})", $"PeerComparison(year={Year})" })
        {
            var v1 = await client.GetJsonAsync($"/v1/Collectivites({Collectivite})/{function}");
            var v2 = await client.GetJsonAsync($"/v2/Collectivites({Collectivite})/{function}");
            Assert.Equal(Strip(v1), Strip(v2));
        }

        // The figures, not the OData context URL that names the version.
        static string Strip(JsonElement json) => System.Text.Json.Nodes.JsonNode.Parse(json.GetRawText())!.AsObject()
            .Where(p => p.Key != "@odata.context").Select(p => p.Key + "=" + p.Value?.ToJsonString()).Aggregate("", (a, b) => a + b + ";");
    }

    [Fact]
    public async Task ObligationsMet_CountTheAgentsEachRuleAppliesTo_AsTheTrainingObligationsViewDoes()
    {
        using var client = await VendorAsync();
        var bilan = await client.GetJsonAsync(Url);
        var asOf = DateOnly.Parse(bilan.GetProperty("obligationsAsOf").GetString()!, CultureInfo.InvariantCulture);
        var today = FrenchFormat.ParisDay(DateTimeOffset.UtcNow);
        Assert.Equal(Year < today.Year ? new DateOnly(Year, 12, 31) : today, asOf);
        var lines = bilan.GetProperty("obligationsMet").EnumerateArray().ToDictionary(l => l.GetProperty("key").GetString()!, StringComparer.Ordinal);
        foreach (var line in lines.Values)
        {
            Assert.Equal(line.GetProperty("agents").GetInt32(), line.GetProperty("done").GetInt32() + line.GetProperty("onTrack").GetInt32() + line.GetProperty("late").GetInt32());
        }

        // Integration applies to every stagiaire appointed by then (GLOSSARY.md): counted here in SQL.
        var stagiaires = (await RowsAsync($"SELECT count(*) FROM agents WHERE collectivite_id = @c AND status = 'Stagiaire' AND appointment_date <= '{asOf:yyyy-MM-dd}'"))[""][0];
        Assert.True(stagiaires > 0, "the seeded collectivité has stagiaires");
        Assert.Equal(stagiaires, lines["Integration"].GetProperty("agents").GetDecimal());

        // The current year's bilan says what the TrainingObligations view says today, obligation by obligation.
        var current = (await client.GetJsonAsync($"/v2/Collectivites({Collectivite})/Bilan(year={today.Year})")).GetProperty("obligationsMet").EnumerateArray().ToList();
        Assert.NotEmpty(current);
        foreach (var line in current)
        {
            var kind = line.GetProperty("key").GetString();
            foreach (var status in new[] { "Done", "OnTrack", "Late" })
            {
                var view = await client.GetJsonAsync($"/v2/TrainingObligations?$filter=collectiviteId eq {Collectivite} and kind eq '{kind}' and status eq '{status}'&$count=true&$top=0");
                Assert.Equal(view.GetProperty("@odata.count").GetInt32(), line.GetProperty(JsonNamingPolicy.CamelCase.ConvertName(status)).GetInt32());
            }
        }
    }

    [Fact]
    public async Task Csv_ParsesBack_WithOneLinePerFigure()
    {
        using var client = await VendorAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Url, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("section,key,label,agentsTrained,enrolments,attended,traineeDays,cost,agents,done,onTrack,late", lines[0]);
        var json = await client.GetJsonAsync(Url);
        var total = lines[1].Split(',');
        Assert.Equal("total", total[0]);
        Assert.Equal(json.GetProperty("traineeDays").GetDecimal(), decimal.Parse(total[6], CultureInfo.InvariantCulture));
        var integration = json.GetProperty("obligationsMet").EnumerateArray().Single(l => l.GetProperty("key").GetString() == "Integration");
        Assert.Contains(lines, l => l == $"obligationMet,Integration,Formation d'intégration,,,,,,{integration.GetProperty("agents").GetInt32()},"
            + $"{integration.GetProperty("done").GetInt32()},{integration.GetProperty("onTrack").GetInt32()},{integration.GetProperty("late").GetInt32()}");
        Assert.Equal(json.GetProperty("byTheme").GetArrayLength(), lines.Count(l => l.StartsWith("theme,", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l == $"status,Absent,Absences,0,{json.GetProperty("absences").GetInt32()},0,0,0,,,,");
    }

    [Fact]
    public async Task Pdf_ReadsAsTheReport_WithTheFiguresOfTheJson()
    {
        using var client = await VendorAsync();
        var json = await client.GetJsonAsync(Url);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Url, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (Environment.GetEnvironmentVariable("CNFPT_KEEP_PDF") is { Length: > 0 } path)
        {
            await File.WriteAllBytesAsync(path, bytes);
        }

        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains("Bilan formation 2026", text, StringComparison.Ordinal);
        Assert.Contains(json.GetProperty("collectiviteName").GetString()!, text, StringComparison.Ordinal);
        Assert.Contains("agents formés", text, StringComparison.Ordinal);
        Assert.Contains("Obligations statutaires de formation".ToUpperInvariant(), text, StringComparison.Ordinal);
        Assert.Contains("Annulations et absences".ToUpperInvariant(), text, StringComparison.Ordinal);
        var topTheme = json.GetProperty("byTheme")[0];
        Assert.Contains(topTheme.GetProperty("label").GetString()!.Split(' ')[0], text, StringComparison.Ordinal);
        Assert.Contains(json.GetProperty("agentsTrained").GetInt32().ToString(CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Contains($"Absences constatées {json.GetProperty("absences").GetInt32()}", text, StringComparison.Ordinal);
        Assert.Contains("OBLIGATIONS REMPLIES AU", text, StringComparison.Ordinal);
        Assert.Contains("Agents concernés Faites Dans les délais En retard", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherCollectivite_IsNotFound_AndABadYearIsAProblemNamingIt()
    {
        using var client = await VendorAsync();
        using var foreign = await client.GetAsync(new Uri($"/v1/Collectivites(6)/Bilan(year={Year})", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var bad = await client.GetAsync(new Uri($"/v1/Collectivites({Collectivite})/Bilan(year=1900)", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Contains("year", problem.ToString(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> VendorAsync() =>
        fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, SecurityFixture.VendorA));

    /// <summary>A breakdown of the JSON against SQL grouping the same enrolments by <paramref name="key"/>.</summary>
    private async Task AssertBreakdownAsync(JsonElement bilan, string property, string key, string where = "true", bool withEmpty = false)
    {
        var truth = await RowsAsync($"""
            SELECT {key}, count(DISTINCT e.agent_id) FILTER (WHERE e.status = 'Attended'), coalesce(sum(co.duration_days) FILTER (WHERE e.status = 'Attended'), 0),
                   count(*), coalesce(sum(co.price_per_trainee) FILTER (WHERE e.status = 'Attended' AND co.funding = 'Paid'), 0)
            FROM enrolments e JOIN sessions s ON s.id = e.session_id JOIN courses co ON co.id = s.course_id
            JOIN themes t ON t.id = co.theme_id JOIN agents a ON a.id = e.agent_id
            WHERE e.collectivite_id = @c AND s.start_date >= make_date(@y, 1, 1) AND s.start_date < make_date(@y + 1, 1, 1) AND {where}
            GROUP BY 1
            """);
        var lines = bilan.GetProperty(property).EnumerateArray().ToDictionary(l => l.GetProperty("key").GetString()!, StringComparer.Ordinal);
        Assert.True(withEmpty ? lines.Count >= truth.Count : lines.Count == truth.Count, $"{property}: {lines.Count} lines, SQL has {truth.Count}");
        foreach (var (k, v) in truth)
        {
            var line = lines[k];
            Assert.Equal(v[0], line.GetProperty("agentsTrained").GetDecimal());
            Assert.Equal(v[1], line.GetProperty("traineeDays").GetDecimal());
            Assert.Equal(v[2], line.GetProperty("enrolments").GetDecimal());
            Assert.Equal(v[3], line.GetProperty("cost").GetDecimal());
        }
    }

    private async Task<Dictionary<string, decimal[]>> RowsAsync(string sql)
    {
        await using var db = fixture.NewDbContext();
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("c", Collectivite);
        command.Parameters.AddWithValue("y", Year);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<string, decimal[]>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var first = sql.TrimStart().StartsWith("SELECT count", StringComparison.Ordinal) ? 0 : 1;
            var key = first == 0 ? "" : reader.GetValue(0).ToString()!;
            result[key] = [.. Enumerable.Range(first, reader.FieldCount - first).Select(i => Convert.ToDecimal(reader.GetValue(i), CultureInfo.InvariantCulture))];
        }

        return result;
    }
}
