// Open-data statistics of the CNFPT without an account: trainee-days per year and région (table "year-region"),
// saved as CSV for a spreadsheet and summed per year in a small table. Suppressed cells (secret statistique) have
// null measures: they are counted, never taken for zero.
//   dotnet run --project samples/OpenDataStatistics [-- BASE_URL [OUT.csv]]
using System.Globalization;
using System.Text;
using Cnfpt.OpenApi.Sdk;

var baseAddress = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5080/");
var path = args.Length > 1 ? args[1] : "statistics-year-region.csv";
using var cnfpt = new CnfptClient(new CnfptClientOptions { BaseAddress = baseAddress }); // no credentials: anonymous

var rows = await cnfpt.Statistics.ListAllAsync(new ODataQuery<StatisticsRow>()
    .Where(r => r.Table, "year-region")
    .Select(r => r.Year, r => r.RegionCode, r => r.Agents, r => r.Trainees, r => r.TraineeDays, r => r.Suppressed)
    .OrderBy(r => r.Year).OrderBy(r => r.RegionCode)).ToListAsync();

var csv = new StringBuilder("year,regionCode,agents,trainees,traineeDays,suppressed\n");
foreach (var row in rows)
{
    csv.Append(CultureInfo.InvariantCulture, $"{row.Year},{row.RegionCode},{row.Agents},{row.Trainees},{row.TraineeDays},{(row.Suppressed ? "true" : "false")}\n");
}

await File.WriteAllTextAsync(path, csv.ToString());
Console.WriteLine($"Saved {rows.Count} rows to {path}");
Console.WriteLine();
Console.WriteLine("Year | Régions | Trainee-days (published cells) | Suppressed cells");
foreach (var year in rows.GroupBy(r => r.Year).OrderBy(g => g.Key))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{year.Key} | {year.Count(),7} | {year.Sum(r => r.TraineeDays ?? 0),30:N1} | {year.Count(r => r.Suppressed),16}"));
}
