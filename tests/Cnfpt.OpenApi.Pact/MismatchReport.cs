using System.Text.Json;

namespace Cnfpt.OpenApi.Pact;

/// <summary>Turns the mock server's mismatch JSON into one readable line per problem.</summary>
internal static class MismatchReport
{
    public static IReadOnlyList<string> Describe(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        var lines = new List<string>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var request = $"{Text(entry, "method")} {Text(entry, "path")}";
            switch (Text(entry, "type"))
            {
                case "missing-request":
                    lines.Add($"{request}: declared but never received");
                    break;
                case "request-not-found":
                    lines.Add($"{request}: received but no interaction declares it");
                    break;
                case "request-mismatch" when entry.TryGetProperty("mismatches", out var mismatches):
                    lines.AddRange(mismatches.EnumerateArray().Select(m => $"{request}: {Detail(m)}").Distinct());
                    break;
                default:
                    lines.Add($"{request}: {entry.GetRawText()}");
                    break;
            }
        }

        return lines;
    }

    /// <summary>"HeaderMismatch (X-Api): Expected header 'X-Api' to have value 'a' but was 'b'".</summary>
    private static string Detail(JsonElement mismatch)
    {
        var where = Text(mismatch, "key") ?? Text(mismatch, "parameter") ?? Text(mismatch, "path");
        var text = Text(mismatch, "mismatch")
                   ?? $"expected {Raw(mismatch, "expected")} but was {Raw(mismatch, "actual")}";
        return where is null ? $"{Text(mismatch, "type")}: {text}" : $"{Text(mismatch, "type")} at {where}: {text}";
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Raw(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetRawText() : "(nothing)";
}
