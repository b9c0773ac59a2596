using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Cnfpt.OpenApi.Api.Tests.Statistics;

/// <summary>
/// The differencing attack of issue 7. The attacker sees only the API: it issues every allowed rollup of the
/// cube (each subset of the six dimensions as groupby × no filter or a filter on one value of one other
/// dimension) and reads every marginal table, then tries to recover the true value of each suppressed cell
/// (known here from SQL on the raw enrolments) by totals minus parts, by subtracting pairs of answers, and
/// by exact elimination over all the equations at once. It must recover none.
/// </summary>
[Collection(StatisticsCollection.Name)]
public sealed class DifferencingAttackTests(StatisticsFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] Dims = ["year", "regionCode", "category", "domainCode", "modality", "funding"];

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task EveryAllowedQuery_Combined_RecoversNoSuppressedCell()
    {
        // The cell universe as published (suppressed cells are listed, flagged, without values).
        var (cubeRows, _) = await _client.GetAllPagesAsync("/v1/Statistics?$filter=table eq 'cube'&$select=id,year,regionCode,category,domainCode,modality,funding,enrolments&$orderby=id", pageSize: 1000);
        var cells = cubeRows.Select(r => new Cell(Dims.Select(d => Text(r.GetProperty(d))).ToArray(), r.GetProperty("suppressed").GetBoolean(),
            r.GetProperty("enrolments").ValueKind == JsonValueKind.Null ? null : r.GetProperty("enrolments").GetInt64())).ToList();
        var (truth, agentRows) = await TrueValuesAsync();
        Assert.Equal(truth.Count, cells.Count);
        var hiddenCube = cells.Where(c => c.Suppressed).ToList();
        Assert.NotEmpty(hiddenCube);
        Assert.Contains(hiddenCube, c => c.Key[3] == StatisticsFixture.PlantedDomain);

        var values = Enumerable.Range(0, Dims.Length).Select(i => cells.Select(c => c.Key[i]).Distinct().Order(StringComparer.Ordinal).ToList()).ToArray();
        var queries = new List<(string Url, string?[] Fixed)>();
        for (var mask = 0; mask < 1 << Dims.Length; mask++)
        {
            var groupBy = Enumerable.Range(0, Dims.Length).Where(i => (mask & (1 << i)) != 0).ToList();
            queries.Add((RollupUrl(groupBy, null), new string?[Dims.Length]));
            foreach (var d in Enumerable.Range(0, Dims.Length).Where(i => !groupBy.Contains(i)))
            {
                foreach (var v in values[d])
                {
                    var fixedValues = new string?[Dims.Length];
                    fixedValues[d] = v;
                    queries.Add((RollupUrl(groupBy, (d, v)), fixedValues));
                }
            }
        }

        // Every published number becomes an equation over the cube cells it sums.
        var equations = new ConcurrentBag<(HashSet<int> Cells, long Value)>();
        await Parallel.ForEachAsync(queries, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (query, _) =>
        {
            var (rows, _) = await _client.GetAllPagesAsync(query.Url, pageSize: 1000);
            foreach (var row in rows.Where(r => !r.GetProperty("suppressed").GetBoolean()))
            {
                var key = (string?[])query.Fixed.Clone();
                for (var i = 0; i < Dims.Length; i++)
                {
                    if (row.TryGetProperty(Dims[i], out var value))
                    {
                        key[i] = Text(value);
                    }
                }

                equations.Add((Members(cells, key), row.GetProperty("total").GetInt64()));
            }
        });

        // The marginal tables: a published total is an equation; a suppressed one is one more unknown.
        var hiddenMargins = new List<(string Table, HashSet<int> Cells, long Truth, string?[] Key)>();
        foreach (var table in new[] { "year", "year-region", "year-category", "year-domain", "year-modality", "year-funding" })
        {
            var (rows, _) = await _client.GetAllPagesAsync($"/v1/Statistics?$filter=table eq '{table}'", pageSize: 1000);
            queries.Add(($"table {table}", []));
            foreach (var row in rows)
            {
                var marginKey = Dims.Select(d => row.TryGetProperty(d, out var v) && v.ValueKind != JsonValueKind.Null ? Text(v) : null).ToArray();
                var members = Members(cells, marginKey);
                if (row.GetProperty("suppressed").GetBoolean())
                {
                    hiddenMargins.Add((table, members, members.Sum(i => truth[cells[i].Id]), marginKey));
                }
                else
                {
                    equations.Add((members, row.GetProperty("enrolments").GetInt64()));
                }
            }
        }

        // Unknowns: the suppressed cube cells, then the suppressed margins (x_m − Σ its hidden cells = Σ its published cells).
        var unknownOf = new Dictionary<int, int>();
        foreach (var i in Enumerable.Range(0, cells.Count).Where(i => cells[i].Suppressed))
        {
            unknownOf[i] = unknownOf.Count;
        }

        var trueValue = unknownOf.OrderBy(u => u.Value).Select(u => truth[cells[u.Key].Id]).Concat(hiddenMargins.Select(m => m.Truth)).ToArray();
        var system = new List<(Dictionary<int, long> Row, long Rhs)>();
        foreach (var (members, value) in equations)
        {
            system.Add((members.Where(unknownOf.ContainsKey).ToDictionary(i => unknownOf[i], _ => 1L), value - members.Where(i => !cells[i].Suppressed).Sum(i => cells[i].Value!.Value)));
        }

        for (var m = 0; m < hiddenMargins.Count; m++)
        {
            var row = hiddenMargins[m].Cells.Where(unknownOf.ContainsKey).ToDictionary(i => unknownOf[i], _ => -1L);
            row[unknownOf.Count + m] = 1;
            system.Add((row, hiddenMargins[m].Cells.Where(i => !cells[i].Suppressed).Sum(i => cells[i].Value!.Value)));
        }

        // Sanity: the true values satisfy every equation (the API's sums are right, the attacker's model is exact).
        foreach (var (row, rhs) in system)
        {
            Assert.Equal(rhs, row.Sum(e => e.Value * trueValue[e.Key]));
        }

        var unknownCount = trueValue.Length;
        var distinct = system.Where(e => e.Row.Count > 0).GroupBy(e => string.Join(',', e.Row.OrderBy(x => x.Key).Select(x => $"{x.Key}:{x.Value}"))).Select(g => g.First()).ToList();

        // 1. Totals minus parts: an answer whose only unknown is one suppressed cell.
        var recovered = new HashSet<int>(distinct.Where(e => e.Row.Count == 1).Select(e => e.Row.Keys.Single()));
        // 2. Pairwise subtraction: two answers whose unknowns differ by exactly one cell.
        var bySet = distinct.Where(e => e.Row.Values.All(v => v == 1)).Select(e => string.Join(',', e.Row.Keys.Order())).ToHashSet();
        var pairs = 0L;
        foreach (var (row, _) in distinct.Where(e => e.Row.Values.All(v => v == 1)))
        {
            foreach (var u in row.Keys)
            {
                pairs++;
                if (bySet.Contains(string.Join(',', row.Keys.Where(k => k != u).Order())))
                {
                    recovered.Add(u);
                }
            }
        }

        // 3. Every combination at once: exact Gauss–Jordan elimination over the integers.
        foreach (var u in ExactElimination.Determined(distinct.Select(e => e.Row).ToList(), unknownCount))
        {
            recovered.Add(u);
        }

        // The same attack on the release without its secondary suppressions (cells of k agents or more hidden
        // only against differencing, their values then taken as known): it must succeed, or the secondary
        // suppressions were not needed and the attack proved nothing about them.
        var cellAgents = agentRows.GroupBy(r => string.Join('|', r.Key), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var secondary = unknownOf.Where(u => cellAgents[cells[u.Key].Id] >= StatisticsFixture.K).Select(u => u.Value)
            .Concat(Enumerable.Range(0, hiddenMargins.Count).Where(m => DistinctAgents(agentRows, hiddenMargins[m].Key) >= StatisticsFixture.K).Select(m => unknownOf.Count + m))
            .ToHashSet();
        var primaryOnly = ExactElimination.Determined(distinct.Select(e => e.Row.Where(x => !secondary.Contains(x.Key)).ToDictionary(x => x.Key, x => x.Value)).Where(r => r.Count > 0).ToList(), unknownCount);
        var names = unknownOf.OrderBy(u => u.Value).Select(u => "cube " + cells[u.Key].Id).Concat(hiddenMargins.Select(m => m.Table + " " + string.Join('|', m.Key.Select(v => v ?? "*")))).ToList();
        output.WriteLine($"Without the {secondary.Count} secondary suppressions, exact elimination recovers {primaryOnly.Count} cells: {string.Join(", ", primaryOnly.Select(u => names[u]))}.");
        if (secondary.Count > 0)
        {
            Assert.NotEmpty(primaryOnly);
        }

        output.WriteLine($"Queries issued: {queries.Count}; published numbers used as equations: {equations.Count} ({distinct.Count} distinct over the unknowns); pairwise subtractions tried: {pairs}.");
        output.WriteLine($"Cells attacked: {unknownCount} ({hiddenCube.Count} suppressed cube cells of {cells.Count}, {hiddenMargins.Count} suppressed marginal totals); recovered: {recovered.Count}.");
        output.WriteLine($"Cube built in {fixture.BuildTime.TotalMilliseconds:0} ms: {fixture.Release.PrimarySuppressed} primary and {fixture.Release.SecondarySuppressed} secondary suppressions among {fixture.Release.Cells} cells.");
        Assert.Empty(recovered);
    }

    [Fact]
    public void Elimination_FindsACellThatAnUnprotectedTableWouldExpose()
    {
        // x0 + x1 = a and x1 + x2 = b and x0 + x1 + x2 = c: x2 = c − a and x0 = c − b are exposed, x1 too.
        var rows = new List<Dictionary<int, long>> { new() { [0] = 1, [1] = 1 }, new() { [1] = 1, [2] = 1 }, new() { [0] = 1, [1] = 1, [2] = 1 } };
        Assert.Equal([0, 1, 2], ExactElimination.Determined(rows, 3));
        // Only x0 + x1 and x2 + x3 known: nothing is exposed.
        Assert.Empty(ExactElimination.Determined([new() { [0] = 1, [1] = 1 }, new() { [2] = 1, [3] = 1 }], 4));
    }

    private static string RollupUrl(List<int> groupBy, (int Dim, string Value)? filter)
    {
        var where = "table eq 'cube'" + (filter is { } f ? $" and {Dims[f.Dim]} eq {Literal(f.Dim, f.Value)}" : "");
        var aggregate = "aggregate(enrolments with sum as total)";
        var apply = groupBy.Count == 0
            ? $"filter({where})/{aggregate}"
            : $"filter({where})/groupby(({string.Join(',', groupBy.Select(i => Dims[i]))}),{aggregate})";
        return "/v1/Statistics?$apply=" + Uri.EscapeDataString(apply);
    }

    private static string Literal(int dim, string value) => dim == 0 ? value : $"'{value}'";

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString()!;

    private static int DistinctAgents(List<(string[] Key, int Agent)> rows, string?[] key) =>
        rows.Where(r => key.Select((v, d) => v is null || v == r.Key[d]).All(b => b)).Select(r => r.Agent).Distinct().Count();

    private static HashSet<int> Members(List<Cell> cells, string?[] key) =>
        Enumerable.Range(0, cells.Count).Where(i => key.Select((v, d) => v is null || v == cells[i].Key[d]).All(b => b)).ToHashSet();

    /// <summary>The true enrolments and distinct agents of every cube cell, from the raw tables (not from statistics_cells).</summary>
    private async Task<(Dictionary<string, long> Enrolments, List<(string[] Key, int Agent)> Agents)> TrueValuesAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT extract(year FROM s.start_date)::int::text, c.region_code, a.category, d.code, co.modality, co.funding, count(*), array_agg(DISTINCT e.agent_id)
            FROM enrolments e
            JOIN sessions s ON s.id = e.session_id
            JOIN courses co ON co.id = s.course_id
            JOIN themes t ON t.id = co.theme_id
            JOIN domains d ON d.id = t.domain_id
            JOIN agents a ON a.id = e.agent_id
            JOIN collectivites c ON c.id = e.collectivite_id
            GROUP BY 1, 2, 3, 4, 5, 6
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var enrolments = new Dictionary<string, long>(StringComparer.Ordinal);
        var agents = new List<(string[] Key, int Agent)>();
        while (await reader.ReadAsync())
        {
            var key = Enumerable.Range(0, 6).Select(reader.GetString).ToArray();
            enrolments[string.Join('|', key)] = reader.GetInt64(6);
            agents.AddRange(reader.GetFieldValue<int[]>(7).Select(a => (key, a)));
        }

        return (enrolments, agents);
    }

    private sealed record Cell(string[] Key, bool Suppressed, long? Value)
    {
        public string Id => string.Join('|', Key);
    }
}

/// <summary>
/// Written for the test, independently of the API's own audit: which unknowns a set of linear equations
/// fixes. An unknown is fixed exactly when its unit vector lies in the row space, i.e. when, in reduced row
/// echelon form, its pivot row has no other non-zero entry. Integer arithmetic, checked: no rounding.
/// </summary>
internal static class ExactElimination
{
    public static List<int> Determined(List<Dictionary<int, long>> equations, int unknowns)
    {
        var rows = equations.Select(e => e.Where(x => x.Value != 0).ToDictionary(x => x.Key, x => x.Value)).ToList();
        var pivotRows = new List<(int Row, int Column)>();
        var next = 0;
        var columnsInUse = rows.SelectMany(r => r.Keys).Distinct().Order().ToList();
        foreach (var column in columnsInUse)
        {
            var found = Enumerable.Range(next, rows.Count - next).FirstOrDefault(i => rows[i].ContainsKey(column), -1);
            if (found < 0)
            {
                continue;
            }

            (rows[next], rows[found]) = (rows[found], rows[next]);
            var pivot = rows[next];
            var p = pivot[column];
            for (var i = 0; i < rows.Count; i++)
            {
                if (i == next || !rows[i].TryGetValue(column, out var f))
                {
                    continue;
                }

                var combined = new Dictionary<int, long>();
                foreach (var key in rows[i].Keys.Union(pivot.Keys))
                {
                    var value = checked((rows[i].GetValueOrDefault(key) * p) - (pivot.GetValueOrDefault(key) * f));
                    if (value != 0)
                    {
                        combined[key] = value;
                    }
                }

                var gcd = combined.Values.Select(Math.Abs).Aggregate(0L, (a, b) => (long)System.Numerics.BigInteger.GreatestCommonDivisor(a, b));
                rows[i] = gcd > 1 ? combined.ToDictionary(x => x.Key, x => x.Value / gcd) : combined;
            }

            pivotRows.Add((next, column));
            next++;
        }

        Assert.True(columnsInUse.All(c => c < unknowns));
        return pivotRows.Where(p => rows[p.Row].Count == 1).Select(p => p.Column).Order().ToList();
    }
}
