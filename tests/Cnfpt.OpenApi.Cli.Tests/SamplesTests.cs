using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Sdk;
using Cnfpt.OpenApi.Sdk.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Cli.Tests;

/// <summary>The samples, built and run as a user runs them, against a fresh sandbox on 127.0.0.1; their output and files checked.</summary>
public sealed partial class SamplesTests(SandboxServer sandbox) : IClassFixture<SandboxServer>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("cnfpt-samples-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task HrSuiteIntegration_EnrolsFollowsAndDownloadsTheAr_AndASecondRunReplays()
    {
        var sample = SandboxServer.Built("samples/HrSuiteIntegration", "HrSuiteIntegration");

        var first = await SandboxServer.RunAsync(sample, [sandbox.Url.ToString(), _work], _work);
        var second = await SandboxServer.RunAsync(sample, [sandbox.Url.ToString(), _work], _work);

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Matches(@"Catalogue: [1-9]\d* open sessions", first.Output);
        Assert.Contains("Agents: 3 synchronised", first.Output, StringComparison.Ordinal);
        var enrolled = Enrolled().Matches(first.Output).Select(m => int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(enrolled.Count == 3, first.Output);
        Assert.Equal(3, Regex.Count(first.Output, @"Status: enrolment \d+ is (Accepted|Waitlisted) \(ETag ""\d+""\): Submitted → Acknowledged → (Accepted|Waitlisted)"));
        foreach (var id in enrolled)
        {
            var pdf = await File.ReadAllBytesAsync(Path.Combine(_work, $"ar-{id}.pdf"));
            Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        }

        // 6. An attestation of the vendor's collectivités (the sandbox issues some), its PDF, its token verified offline.
        var attestation = Regex.Match(first.Output, @"Attestation (?<number>AT-\d{4}-\d{6}(-\d+)?) saved: (?<file>\S+) \(\d+ bytes\)");
        Assert.True(attestation.Success, first.Output);
        Assert.Equal("%PDF"u8.ToArray(), (await File.ReadAllBytesAsync(attestation.Groups["file"].Value))[..4]);
        Assert.Matches(@"Verified offline: Valid, key [A-Za-z0-9_-]{43}: .+, \d+(\.5)? day\(s\)", first.Output);

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Equal(enrolled, Enrolled().Matches(second.Output).Select(m => int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture)));
        Assert.Equal(3, Regex.Count(second.Output, @"\(replayed\)"));
    }

    [Fact]
    public async Task OpenDataStatistics_SavesEveryRowAsCsv_AndPrintsATable()
    {
        var csv = Path.Combine(_work, "stats.csv");
        var run = await SandboxServer.RunAsync(SandboxServer.Built("samples/OpenDataStatistics", "OpenDataStatistics"), [sandbox.Url.ToString(), csv], _work);

        using var http = new HttpClient { BaseAddress = sandbox.Url };
        var expected = (await http.GetFromJsonAsync<JsonElement>("v1/Statistics?$filter=table eq 'year-region'&$count=true&$top=1")).GetProperty("@odata.count").GetInt32();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains($"Saved {expected} rows to {csv}", run.Output, StringComparison.Ordinal);
        Assert.True(expected > 0);
        Assert.Equal(expected + 1, File.ReadAllLines(csv).Length);
        Assert.Matches(@"\n20\d\d \|\s+\d+ \|\s+[\d,.]+ \|\s+\d+", run.Output);
    }

    [Fact]
    public async Task EnrolmentScript_WithTheCliAndWithCurl_EnrolsTheKnownAgents_AndReportsTheUnknownOne()
    {
        using var client = new CnfptClient(new CnfptClientOptions { BaseAddress = sandbox.Url, ClientId = "demo-collectivite-1", ClientSecret = "sandbox-secret-collectivite-1" });
        var collectivite = (await client.Collectivites.ListAsync(top: 1)).Value!.Single();
        var agents = new List<Agent>();
        for (var i = 1; i <= 4; i++)
        {
            agents.Add((await client.Agents.UpsertByReferenceAsync(new AgentInput
            {
                CollectiviteId = collectivite.Id, EmployerReference = $"SCRIPT-{i}", LastName = "Script", FirstName = $"Agent {i}", Category = AgentCategory.B,
                Status = AgentStatus.Titulaire, CadreEmplois = "Rédacteur territorial", AppointmentDate = new DateOnly(2022, 1, 1),
            })).Value);
        }

        var session = await client.Sessions.ListAllAsync(new ODataQuery<Session>()
            .Where(s => s.Status, SessionStatus.OpenForEnrolment).Where(s => s.Course.TargetCategories, TargetCategories.All)
            .Where(s => s.StartDate, ODataOperator.Gt, DateOnly.FromDateTime(DateTime.UtcNow)).OrderBy(s => s.StartDate, descending: true))
            .FirstAsync(s => s.Capacity - s.SeatsTaken >= 6);
        var viaCli = Csv("cli.csv", collectivite.Siren!, "SCRIPT-1", "SCRIPT-2", "NOBODY-1");
        var viaCurl = Csv("curl.csv", collectivite.Siren!, "SCRIPT-3", "SCRIPT-4", "NOBODY-2");
        var script = Path.Combine(Repository.Root, "samples/EnrolmentScript/enrol.sh");
        var environment = new Dictionary<string, string>
        {
            ["CNFPT_URL"] = sandbox.Url.ToString(),
            ["CNFPT_CLI"] = "dotnet " + SandboxServer.Built("sdk/Cnfpt.OpenApi.Cli", "cnfpt"),
            ["CNFPT_CONFIG_DIR"] = _work,
        };

        var cli = await Bash(script, ["cli", session.Id.ToString(CultureInfo.InvariantCulture), viaCli], environment);
        var curl = await Bash(script, ["curl", session.Id.ToString(CultureInfo.InvariantCulture), viaCurl], environment);
        var curlAgain = await Bash(script, ["curl", session.Id.ToString(CultureInfo.InvariantCulture), viaCurl], environment);

        Assert.True(cli.ExitCode == 3, cli.Output + cli.Error);
        Assert.Contains("2 enrolled, 1 refused", cli.Output, StringComparison.Ordinal);
        Assert.Contains("unknown-agent", File.ReadAllText(viaCli + ".result.csv"), StringComparison.Ordinal);
        Assert.True(curl.ExitCode == 3, curl.Output + curl.Error);
        Assert.Contains("row 3: NOBODY-2: unknown agent", curl.Output, StringComparison.Ordinal);
        Assert.Contains("2 of 3 rows enrolled", curl.Output, StringComparison.Ordinal);
        Assert.Equal(curl.Output, curlAgain.Output); // the same keys: the second run replays the same answers
        var enrolments = await client.Enrolments.ListAllAsync(new ODataQuery<Enrolment>()
            .Where(e => e.SessionId, session.Id).WhereIn(e => e.AgentId, agents.Select(a => a.Id))).ToListAsync();
        Assert.Equal(agents.Select(a => a.Id).Order(), enrolments.Select(e => e.AgentId).Order());
    }

    private string Csv(string name, string siren, params string[] references)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllLines(path, ["siren,employerReference", .. references.Select(r => $"{siren},{r}")]);
        return path;
    }

    private async Task<(int ExitCode, string Output, string Error)> Bash(string script, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _work };
        start.ArgumentList.Add(script);
        arguments.ToList().ForEach(start.ArgumentList.Add);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"Enrolled: HR-000\d → enrolment (?<id>\d+), (Accepted|Waitlisted)")]
    private static partial Regex Enrolled();
}
