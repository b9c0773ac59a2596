using System.Globalization;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Api.Tests.Security;
using Cnfpt.OpenApi.Core.Statistics;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cnfpt.OpenApi.Api.Tests.Bilan;

/// <summary>
/// The peer comparison of collectivité 1 (Commune de Paris: communes of 100 000 inhabitants or more) against
/// PostgreSQL's own percentile_cont over values computed here from the raw enrolments. The sandbox has few
/// collectivités per type and strate, so this API instance runs with k = 3: the national group is shown, the
/// regional one (Paris alone in Île-de-France) is not.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class PeerComparisonTests(SecurityFixture fixture)
{
    private const int K = 3;
    private const int Collectivite = 1;
    private const int Year = 2026;
    private string _connectionString = "";

    [Fact]
    public async Task Quartiles_Position_AndThemeMix_EqualSqlOnTheRawEnrolments_AndASmallGroupIsNotShown()
    {
        await using (var db = fixture.NewDbContext())
        {
            _connectionString = db.Database.GetConnectionString()!;
            await StatisticsCubeBuilder.BuildAsync(db, 11, new DateOnly(2026, 9, 1));
        }

        await using var api = new ApiFactory(_connectionString, new Dictionary<string, string?>
        {
            ["Auth:RequireHttps"] = "false", ["RateLimiting:Enabled"] = "false", ["Statistics:K"] = K.ToString(CultureInfo.InvariantCulture),
        });
        using var anonymous = api.CreateClient();
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await SecurityFixture.TokenAsync(anonymous, SecurityFixture.VendorA));
        var comparison = await client.GetJsonAsync($"/v1/Collectivites({Collectivite})/PeerComparison(year={Year})");

        var values = await PeerValuesAsync();
        var national = Group(comparison, "national");
        Assert.Equal(values.Count, national.GetProperty("collectivites").GetInt32());
        Assert.True(values.Count >= K);
        Assert.True(national.GetProperty("shown").GetBoolean());
        foreach (var (name, column) in new[] { ("agentsTrainedShare", 0), ("traineeDaysPerAgent", 1), ("traineeDays", 2) })
        {
            var indicator = national.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("name").GetString() == name);
            var sorted = values.Select(v => v.Values[column]).Order().ToList();
            var own = values.Single(v => v.Id == Collectivite).Values[column];
            Assert.Equal(own, indicator.GetProperty("value").GetDecimal());
            var (q1, median, q3) = await PercentilesAsync(values.Select(v => v.Values[column]));
            Assert.Equal(q1, indicator.GetProperty("firstQuartile").GetDecimal(), 2);
            Assert.Equal(median, indicator.GetProperty("median").GetDecimal(), 2);
            Assert.Equal(q3, indicator.GetProperty("thirdQuartile").GetDecimal(), 2);
            Assert.Equal(Math.Round(100m * sorted.Count(v => v < own) / sorted.Count, 2), indicator.GetProperty("position").GetDecimal());
        }

        var regional = Group(comparison, "region");
        var inRegion = values.Count(v => v.Region == values.Single(x => x.Id == Collectivite).Region);
        Assert.Equal(inRegion, regional.GetProperty("collectivites").GetInt32());
        Assert.Equal(inRegion >= K, regional.GetProperty("shown").GetBoolean());
        if (inRegion < K)
        {
            Assert.Equal(0, regional.GetProperty("indicators").GetArrayLength());
            Assert.Equal(0, regional.GetProperty("themeMix").GetArrayLength());
        }

        // The group's theme mix: Σ over the group of each theme's JFS / Σ of all its JFS.
        var mix = national.GetProperty("themeMix").EnumerateArray().ToDictionary(t => t.GetProperty("themeCode").GetString()!, t => t.GetProperty("share").GetDecimal(), StringComparer.Ordinal);
        var truth = await ThemeMixAsync();
        Assert.Equal(truth.Count, mix.Count);
        foreach (var (theme, share) in truth)
        {
            Assert.Equal(share, mix[theme]);
        }
    }

    private static JsonElement Group(JsonElement comparison, string scope) =>
        comparison.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("scope").GetString() == scope);

    private const string Peers = """
        WITH own AS (SELECT type, strate FROM collectivites WHERE id = @c),
        peers AS (SELECT c.id, c.region_code, c.agent_headcount AS h FROM collectivites c JOIN own ON c.type = own.type AND c.strate = own.strate),
        facts AS (SELECT e.collectivite_id, e.agent_id, e.status, co.duration_days FROM enrolments e
                  JOIN sessions s ON s.id = e.session_id AND s.start_date >= make_date(@y, 1, 1) AND s.start_date < make_date(@y + 1, 1, 1)
                  JOIN courses co ON co.id = s.course_id)
        """;

    /// <summary>Per peer: agents trained in % of headcount, JFS per agent, JFS — from the raw enrolments.</summary>
    private async Task<List<(int Id, string Region, decimal[] Values)>> PeerValuesAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Peers + """
            SELECT p.id, p.region_code,
                   round(100.0 * count(DISTINCT f.agent_id) FILTER (WHERE f.status = 'Attended') / p.h, 2),
                   round(coalesce(sum(f.duration_days) FILTER (WHERE f.status = 'Attended'), 0) / p.h, 2),
                   coalesce(sum(f.duration_days) FILTER (WHERE f.status = 'Attended'), 0)
            FROM peers p LEFT JOIN facts f ON f.collectivite_id = p.id
            GROUP BY p.id, p.region_code, p.h
            """, connection);
        command.Parameters.AddWithValue("c", Collectivite);
        command.Parameters.AddWithValue("y", Year);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<(int, string, decimal[])>();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetInt32(0), reader.GetString(1), [reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4)]));
        }

        return result;
    }

    private async Task<(decimal, decimal, decimal)> PercentilesAsync(IEnumerable<decimal> values)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY v), percentile_cont(0.5) WITHIN GROUP (ORDER BY v), percentile_cont(0.75) WITHIN GROUP (ORDER BY v) FROM unnest(@v) AS v",
            connection);
        command.Parameters.AddWithValue("v", values.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return ((decimal)reader.GetDouble(0), (decimal)reader.GetDouble(1), (decimal)reader.GetDouble(2));
    }

    private async Task<Dictionary<string, decimal>> ThemeMixAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            WITH own AS (SELECT type, strate FROM collectivites WHERE id = @c),
            days AS (SELECT t.code, sum(co.duration_days) AS d FROM enrolments e
                     JOIN collectivites c ON c.id = e.collectivite_id JOIN own ON c.type = own.type AND c.strate = own.strate
                     JOIN sessions s ON s.id = e.session_id AND s.start_date >= make_date(@y, 1, 1) AND s.start_date < make_date(@y + 1, 1, 1)
                     JOIN courses co ON co.id = s.course_id JOIN themes t ON t.id = co.theme_id
                     WHERE e.status = 'Attended' GROUP BY t.code)
            SELECT code, round(100 * d / (SELECT sum(d) FROM days), 2) FROM days
            """, connection);
        command.Parameters.AddWithValue("c", Collectivite);
        command.Parameters.AddWithValue("y", Year);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetDecimal(1);
        }

        return result;
    }
}
