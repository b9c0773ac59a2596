using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace Cnfpt.OpenApi.Cli;

/// <summary>One row of an input file: its line (data rows from 1) and its fields by column name, case-insensitive.</summary>
internal sealed record InputRow(int Row, IReadOnlyDictionary<string, string?> Fields)
{
    public string? this[string column] => Fields.TryGetValue(column, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>A CSV (comma or semicolon, header row) or JSON (array of objects) file, and the SHA-256 of its bytes.</summary>
internal sealed record InputFile(string Path, string Sha256, IReadOnlyList<InputRow> Rows)
{
    public static InputFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var sha = Convert.ToHexString(SHA256.HashData(bytes));
        var rows = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(bytes) : ReadCsv(path);
        return new InputFile(path, sha, rows);
    }

    /// <summary>
    /// The Idempotency-Key of a row: derived from the file's content, the row and the target, so that running the
    /// same file again (after a crash, a kill, a lost connection) sends the same keys and the API replays instead of
    /// writing twice. A changed file gives new keys; the API's own rules (already-enrolled) still refuse duplicates.
    /// </summary>
    public string KeyOf(InputRow row, string purpose) =>
        "cnfpt-cli-" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{Sha256}|{row.Row}|{purpose}")))[..40];

    private static List<InputRow> ReadCsv(string path)
    {
        var firstLine = File.ReadLines(path).FirstOrDefault() ?? "";
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ";" : ",",
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
        };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, configuration);
        var rows = new List<InputRow>();
        if (!csv.Read() || !csv.ReadHeader())
        {
            return rows;
        }

        var header = csv.HeaderRecord!;
        while (csv.Read())
        {
            var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length; i++)
            {
                fields[header[i]] = csv.TryGetField<string>(i, out var value) ? value : null;
            }

            rows.Add(new InputRow(rows.Count + 1, fields));
        }

        return rows;
    }

    private static List<InputRow> ReadJson(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        return [.. document.RootElement.EnumerateArray().Select((item, i) => new InputRow(i + 1,
            item.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText(), StringComparer.OrdinalIgnoreCase)))];
    }
}

/// <summary>What became of one row, as written to the result CSV and the JSON output.</summary>
internal sealed record RowResult(int Row, string? Siren, string? EmployerReference, int? AgentId, string Outcome, int? Id, string? Status, string? Code, string? Detail)
{
    public bool Done => Outcome is "enrolled" or "created" or "updated" or "would-enrol" or "would-import";

    public static void WriteCsv(string path, IEnumerable<RowResult> results)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        csv.WriteRecords(results);
    }
}
