using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Cnfpt.OpenApi.Api.Tests.Statistics;

/// <summary>
/// The differencing attack of issue 7, over every published table. The attacker sees only the API: it reads
/// every table, issues every allowed rollup of the cube (each subset of its six dimensions as groupby × no
/// filter or a filter on one value of one other dimension) and of every other table (each subset of its
/// dimensions × no filter or a filter on one year), and writes down what it knows of the structure: each cell
/// of a table is the sum of the cells below it in any finer table (a département = its communes, its themes;
/// a year = its régions, its strates…), across tables. It then tries to recover the true value of each
/// suppressed cell (known here from SQL on the raw enrolments) by totals minus parts, by subtracting pairs of
/// answers, and by exact elimination over all the equations at once. It must recover none.
/// </summary>
[Collection(StatisticsCollection.Name)]
public sealed class DifferencingAttackTests(StatisticsFixture fixture, ITestOutputHelper output)
{
    /// <summary>The test's own description of the published tables (docs/statistics.md), not the builder's.</summary>
    private static readonly Dictionary<string, string[]> Tables = new(StringComparer.Ordinal)
    {
        ["cube"] = ["year", "regionCode", "category", "domainCode", "modality", "funding"],
        ["year"] = ["year"],
        ["year-region"] = ["year", "regionCode"],
        ["year-departement"] = ["year", "regionCode", "departementCode"],
        ["year-commune"] = ["year", "regionCode", "departementCode", "communeCode"],
        ["year-type"] = ["year", "collectiviteType"],
        ["year-strate"] = ["year", "strate"],
        ["year-category"] = ["year", "category"],
        ["year-domain"] = ["year", "domainCode"],
        ["year-theme"] = ["year", "domainCode", "themeCode"],
        ["year-modality"] = ["year", "modality"],
        ["year-funding"] = ["year", "funding"],
        ["year-departement-theme"] = ["year", "regionCode", "departementCode", "domainCode", "themeCode"],
        ["year-strate-category"] = ["year", "strate", "category"],
    };

    /// <summary>Every dimension, in the order of the raw fact rows of <see cref="TrueValuesAsync"/>.</summary>
    private static readonly string[] AllDims =
        ["year", "regionCode", "departementCode", "communeCode", "collectiviteType", "strate", "category", "domainCode", "themeCode", "modality", "funding"];

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task EveryAllowedQuery_Combined_RecoversNoSuppressedCell()
    {
        // The cell universe as published: every table, suppressed cells listed, flagged, without values.
        var cells = new List<Cell>();
        var queries = new List<(string Url, string Table, Dictionary<string, string> Filter)>();
        foreach (var (table, dims) in Tables)
        {
            var (published, _) = await _client.GetAllPagesAsync($"/v1/Statistics?$filter=table eq '{table}'&$orderby=id", pageSize: 1000);
            queries.Add(($"table {table}", table, []));
            Assert.NotEmpty(published);
            foreach (var row in published)
            {
                var enrolments = row.GetProperty("enrolments");
                cells.Add(new Cell(table, dims.ToDictionary(d => d, d => Text(row.GetProperty(d)), StringComparer.Ordinal),
                    row.GetProperty("suppressed").GetBoolean(), enrolments.ValueKind == JsonValueKind.Null ? null : enrolments.GetInt64()));
            }
        }

        var (truth, agents) = await TrueValuesAsync(cells);
        Assert.Contains(cells, c => c.Table == "cube" && c.Suppressed && c.Key["domainCode"] == StatisticsFixture.PlantedDomain);
        var byTable = cells.Select((c, i) => (c, i)).GroupBy(x => x.c.Table).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToList(), StringComparer.Ordinal);
        var values = AllDims.ToDictionary(d => d, d => cells.Where(c => c.Key.ContainsKey(d)).Select(c => c.Key[d]).Distinct().Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

        // Rollups: the cube with a filter on any one value of any other dimension, the other tables with a filter on one year.
        foreach (var (table, dims) in Tables)
        {
            for (var mask = 0; mask < 1 << dims.Length; mask++)
            {
                var groupBy = dims.Where((_, i) => (mask & (1 << i)) != 0).ToList();
                queries.Add((RollupUrl(table, groupBy, null), table, []));
                var filterable = table == "cube" ? dims.Except(groupBy) : dims.Except(groupBy).Where(d => d == "year");
                foreach (var d in filterable)
                {
                    foreach (var v in values[d])
                    {
                        queries.Add((RollupUrl(table, groupBy, (d, v)), table, new Dictionary<string, string>(StringComparer.Ordinal) { [d] = v }));
                    }
                }
            }
        }

        // Every published number becomes an equation over the cells it sums (its table's cells matching the row).
        var equations = new ConcurrentBag<(List<int> Cells, long Value)>();
        await Parallel.ForEachAsync(queries.Where(q => !q.Url.StartsWith("table ", StringComparison.Ordinal)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (query, _) =>
        {
            var (answer, _) = await _client.GetAllPagesAsync(query.Url, pageSize: 1000);
            foreach (var row in answer.Where(r => !r.GetProperty("suppressed").GetBoolean()))
            {
                var key = new Dictionary<string, string>(query.Filter, StringComparer.Ordinal);
                foreach (var d in Tables[query.Table].Where(d => row.TryGetProperty(d, out var _)))
                {
                    key[d] = Text(row.GetProperty(d));
                }

                equations.Add((byTable[query.Table].Where(i => Matches(cells[i], key)).ToList(), row.GetProperty("total").GetInt64()));
            }
        });

        // The structure the attacker knows: a cell of a coarser table = the sum of the cells below it in a finer one.
        var identities = 0;
        foreach (var (coarse, coarseDims) in Tables)
        {
            foreach (var (fine, fineDims) in Tables.Where(t => t.Value.Length > coarseDims.Length && coarseDims.All(t.Value.Contains)))
            {
                var below = byTable[fine].GroupBy(i => string.Join('|', coarseDims.Select(d => cells[i].Key[d])), StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
                foreach (var parent in byTable[coarse])
                {
                    identities++;
                    var children = below.GetValueOrDefault(string.Join('|', coarseDims.Select(d => cells[parent].Key[d]))) ?? [];
                    equations.Add(([.. children, -1 - parent], 0));
                }
            }
        }

        // Unknowns: the suppressed cells of every table. An equation Σ members (−1 − i: minus cell i) = value
        // becomes Σ unknown terms = value − Σ published terms.
        var unknownOf = new Dictionary<int, int>();
        foreach (var i in Enumerable.Range(0, cells.Count).Where(i => cells[i].Suppressed))
        {
            unknownOf[i] = unknownOf.Count;
        }

        var trueValue = unknownOf.OrderBy(u => u.Value).Select(u => truth[cells[u.Key].Id]).ToArray();
        var system = new List<(Dictionary<int, long> Row, long Rhs)>();
        foreach (var (members, value) in equations)
        {
            var row = new Dictionary<int, long>();
            var rhs = value;
            foreach (var member in members)
            {
                var (i, sign) = member >= 0 ? (member, 1L) : (-1 - member, -1L);
                if (unknownOf.TryGetValue(i, out var u))
                {
                    row[u] = row.GetValueOrDefault(u) + sign;
                }
                else
                {
                    rhs -= sign * cells[i].Value!.Value;
                }
            }

            system.Add((row.Where(x => x.Value != 0).ToDictionary(), rhs));
        }

        // Sanity: the true values satisfy every equation (the API's sums are right, the attacker's model is exact).
        foreach (var (row, rhs) in system)
        {
            Assert.Equal(rhs, row.Sum(e => e.Value * trueValue[e.Key]));
        }

        var distinct = system.Where(e => e.Row.Count > 0).GroupBy(e => string.Join(',', e.Row.OrderBy(x => x.Key).Select(x => $"{x.Key}:{x.Value}"))).Select(g => g.First()).ToList();

        // 1. Totals minus parts: an answer or identity whose only unknown is one suppressed cell.
        var recovered = new HashSet<int>(distinct.Where(e => e.Row.Count == 1).Select(e => e.Row.Keys.Single()));
        // 2. Pairwise subtraction: two equations whose unknowns differ by exactly one cell (same signs).
        var bySet = distinct.Select(e => string.Join(',', e.Row.OrderBy(x => x.Key).Select(x => $"{x.Key}:{x.Value}"))).ToHashSet();
        var pairs = 0L;
        foreach (var (row, _) in distinct)
        {
            foreach (var u in row.Keys)
            {
                pairs++;
                if (bySet.Contains(string.Join(',', row.Where(x => x.Key != u).OrderBy(x => x.Key).Select(x => $"{x.Key}:{x.Value}"))))
                {
                    recovered.Add(u);
                }
            }
        }

        // 3. Every combination at once: exact Gauss–Jordan elimination over the integers.
        var rows = distinct.Select(e => e.Row).ToList();
        recovered.UnionWith(ExactElimination.Determined(rows, trueValue.Length));

        // The same attack on the release without its secondary suppressions (cells of k agents or more hidden
        // only against differencing, their values then taken as known): it must succeed, or the secondary
        // suppressions were not needed and the attack proved nothing about them.
        var secondary = unknownOf.Where(u => agents[cells[u.Key].Id] >= StatisticsFixture.K).Select(u => u.Value).ToHashSet();
        var primaryOnly = ExactElimination.Determined(rows.Select(r => r.Where(x => !secondary.Contains(x.Key)).ToDictionary()).Where(r => r.Count > 0).ToList(), trueValue.Length);
        var names = unknownOf.OrderBy(u => u.Value).Select(u => cells[u.Key].Id).ToList();
        output.WriteLine($"Without the {secondary.Count} secondary suppressions, exact elimination recovers {primaryOnly.Count} cells, e.g. {string.Join(", ", primaryOnly.Take(8).Select(u => names[u]))}.");
        Assert.NotEmpty(secondary);
        Assert.NotEmpty(primaryOnly);

        var perTable = string.Join(", ", Tables.Keys.Select(t => $"{t} {byTable[t].Count(i => cells[i].Suppressed)}/{byTable[t].Count}"));
        output.WriteLine($"Queries issued: {queries.Count}; equations: {equations.Count} ({identities} structural identities across tables; {distinct.Count} distinct over the unknowns); pairwise subtractions tried: {pairs}.");
        output.WriteLine($"Cells attacked: {trueValue.Length} suppressed of {cells.Count} published cells (suppressed/total per table: {perTable}); recovered: {recovered.Count}.");
        output.WriteLine($"Release built in {fixture.BuildTime.TotalMilliseconds:0} ms: {fixture.Release.PrimarySuppressed} primary and {fixture.Release.SecondarySuppressed} secondary suppressions among {fixture.Release.Cells} cells.");
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

    private static string RollupUrl(string table, List<string> groupBy, (string Dim, string Value)? filter)
    {
        var where = $"table eq '{table}'" + (filter is { } f ? $" and {f.Dim} eq {(f.Dim == "year" ? f.Value : $"'{f.Value}'")}" : "");
        var aggregate = "aggregate(enrolments with sum as total)";
        var apply = groupBy.Count == 0
            ? $"filter({where})/{aggregate}"
            : $"filter({where})/groupby(({string.Join(',', groupBy)}),{aggregate})";
        return "/v1/Statistics?$apply=" + Uri.EscapeDataString(apply);
    }

    private static bool Matches(Cell cell, Dictionary<string, string> key) => key.All(k => cell.Key[k.Key] == k.Value);

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString()!;

    /// <summary>
    /// The true enrolments and distinct agents of every published cell, from the raw tables (not from
    /// statistics_cells): one row per enrolment's dimensions and agent, summed here per table.
    /// </summary>
    private async Task<(Dictionary<string, long> Enrolments, Dictionary<string, int> Agents)> TrueValuesAsync(List<Cell> cells)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT extract(year FROM s.start_date)::int::text, c.region_code, c.departement_code,
                   CASE WHEN cm.population >= {StatisticsFixture.CommuneMinPopulation} THEN c.commune_code ELSE c.departement_code || '-AUTRES' END,
                   c.type, c.strate, a.category, d.code, t.code, co.modality, co.funding, e.agent_id, count(*)
            FROM enrolments e
            JOIN sessions s ON s.id = e.session_id
            JOIN courses co ON co.id = s.course_id
            JOIN themes t ON t.id = co.theme_id
            JOIN domains d ON d.id = t.domain_id
            JOIN agents a ON a.id = e.agent_id
            JOIN collectivites c ON c.id = e.collectivite_id
            LEFT JOIN communes cm ON cm.code = c.commune_code
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var enrolments = new Dictionary<string, long>(StringComparer.Ordinal);
        var agents = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var fact = AllDims.Select((d, i) => (d, reader.GetString(i))).ToDictionary(x => x.d, x => x.Item2, StringComparer.Ordinal);
            foreach (var (table, dims) in Tables)
            {
                var id = Cell.IdOf(table, dims.ToDictionary(d => d, d => fact[d], StringComparer.Ordinal));
                enrolments[id] = enrolments.GetValueOrDefault(id) + reader.GetInt64(12);
                if (!agents.TryGetValue(id, out var set))
                {
                    agents[id] = set = [];
                }

                set.Add(reader.GetInt32(11));
            }
        }

        // Every published cell exists in the raw data and vice versa.
        Assert.Equal(enrolments.Keys.Order(StringComparer.Ordinal), cells.Select(c => c.Id).Order(StringComparer.Ordinal));
        return (enrolments, agents.ToDictionary(a => a.Key, a => a.Value.Count, StringComparer.Ordinal));
    }

    private sealed record Cell(string Table, Dictionary<string, string> Key, bool Suppressed, long? Value)
    {
        public string Id { get; } = IdOf(Table, Key);

        public static string IdOf(string table, Dictionary<string, string> key) => table + ":" + string.Join('|', Tables[table].Select(d => key[d]));
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
