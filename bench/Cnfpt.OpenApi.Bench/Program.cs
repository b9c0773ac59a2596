namespace Cnfpt.OpenApi.Bench;

internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
var options = BenchOptions.Parse(args);
var server = BenchDatabase.ServerFromEnvironment();
var (cs, counts) = await BenchDatabase.CreateAsync(server, options.Scale);
Console.WriteLine(string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
await using var api = new BenchApiFactory(cs, options.ShowSql);
api.StartServer();
Console.WriteLine(api.ServerAddress);
File.WriteAllText("/tmp/bench-address", api.ServerAddress.ToString());
await Task.Delay(TimeSpan.FromMinutes(20));
return 0;
    }
}
