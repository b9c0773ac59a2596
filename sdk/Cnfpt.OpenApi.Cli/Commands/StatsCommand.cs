using System.CommandLine;

namespace Cnfpt.OpenApi.Cli.Commands;

/// <summary><c>cnfpt stats export --out file.csv</c>: open-data statistics as CSV (anonymous), with OData options.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "OData $filter, e.g. \"year eq 2025 and table eq 'region'\"" };
        var apply = new Option<string?>("--apply") { Description = "OData $apply, e.g. \"groupby((regionCode),aggregate(agents with sum as agents))\"" };
        var outFile = new Option<FileInfo>("--out") { Description = "The CSV file to write", Required = true };
        var export = new Command("export", "Export open-data statistics as CSV") { filter, apply, outFile };
        GlobalOptions.SetAction(export, async (parse, output, profile, cancellationToken) =>
        {
            var query = new List<string> { "$format=csv" };
            if (parse.GetValue(filter) is { } f)
            {
                query.Add("$filter=" + Uri.EscapeDataString(f));
            }

            if (parse.GetValue(apply) is { } a)
            {
                query.Add("$apply=" + Uri.EscapeDataString(a));
            }

            using var client = profile().CreateClient(anonymous: true);
            var path = parse.GetValue(outFile)!.FullName;
            var csv = await client.HttpClient.GetStringAsync(new Uri($"{Sdk.CnfptClient.ApiVersion}/Statistics?{string.Join('&', query)}", UriKind.Relative), cancellationToken);
            await File.WriteAllTextAsync(path, csv, cancellationToken);
            var rows = Math.Max(0, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
            if (output.Json)
            {
                output.Write(new { file = path, rows });
            }
            else
            {
                output.Line($"{rows} rows written to {Spectre.Console.Markup.Escape(path)}");
            }

            return ExitCodes.Ok;
        });
        return new Command("stats", "Open-data statistics") { export };
    }
}
