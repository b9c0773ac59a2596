using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cnfpt.OpenApi.Cli.Tests.Infrastructure;
using Cnfpt.OpenApi.Sdk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Cli.Tests;

/// <summary>The `cnfpt` tool run as a process against the API on PostgreSQL; every claim checked in SQL or in its files.</summary>
public sealed class CliTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private const string InvalidSiren = "111111111"; // nine digits, Luhn sum 13

    [Fact]
    public async Task ImportThenEnrol_ReportsEachBadRow_AndEnrolsTheRest()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var agents = Write($"agents-{tag}.csv",
            "siren,employerReference,lastName,firstName,category,status,cadreEmplois,appointmentDate",
            $"{fixture.Siren},{tag}-1,Martin,Léa,B,Titulaire,Rédacteur territorial,2021-03-01",
            $"{fixture.Siren},{tag}-2,\"L'Hôte\",Jean,C,Stagiaire,Adjoint technique territorial,2024-01-15",
            $"{InvalidSiren},{tag}-3,Petit,Anne,C,Titulaire,Adjoint administratif territorial,2020-06-01",
            $"{fixture.Siren},{tag}-4,Moreau,Paul,A,Titulaire,Attaché territorial,2019-09-01",
            $"{fixture.Siren},{tag}-5,Roux,Inès,C,Contractuel,Adjoint d'animation territorial,2023-02-01");
        var session = await fixture.NewSessionAsync(capacity: 2); // three valid rows for two seats: the third is waitlisted
        var enrol = Write($"enrol-{tag}.csv",
            "siren,employerReference",
            $"{fixture.Siren},{tag}-1",
            $"{fixture.Siren},{tag}-2",
            $"{fixture.Siren},{tag}-404",
            $"{InvalidSiren},{tag}-3",
            $"{fixture.Siren},{tag}-4");

        var import = await fixture.CnfptAsync("agents", "import", agents, "--output", "json");
        var enrolment = await fixture.CnfptAsync("enrol", "--session", session.Id.ToString(CultureInfo.InvariantCulture), "--file", enrol, "--output", "json");

        Assert.True(import.ExitCode == 3, $"import exit {import.ExitCode}: {import.Output}{import.Error}");
        var imported = Rows(import.Output);
        Assert.Equal(["created", "created", "refused", "created", "created"], imported.Select(r => r.Outcome));
        Assert.Equal("invalid-siren", imported[2].Code);
        Assert.True(enrolment.ExitCode == 3, $"enrol exit {enrolment.ExitCode}: {enrolment.Output}{enrolment.Error}");
        var enrolled = Rows(enrolment.Output);
        Assert.Equal(["enrolled", "enrolled", "refused", "refused", "waitlisted"], enrolled.Select(r => r.Outcome));
        Assert.Equal([null, null, "unknown-agent", "invalid-siren", null], enrolled.Select(r => r.Code));
        var resultCsv = File.ReadAllLines(enrol + ".result.csv");
        Assert.Equal(6, resultCsv.Length); // header + one line per row
        Assert.Contains("unknown-agent", resultCsv[3], StringComparison.Ordinal);

        await using var db = fixture.NewDbContext();
        var references = await db.Agents.Where(a => a.EmployerReference.StartsWith(tag)).OrderBy(a => a.EmployerReference).Select(a => a.EmployerReference).ToListAsync();
        Assert.Equal([$"{tag}-1", $"{tag}-2", $"{tag}-4", $"{tag}-5"], references);
        var statuses = await db.Enrolments.Where(e => e.SessionId == session.Id).OrderBy(e => e.Agent!.EmployerReference)
            .Select(e => e.Agent!.EmployerReference + ":" + e.Status).ToListAsync();
        Assert.Equal([$"{tag}-1:Accepted", $"{tag}-2:Accepted", $"{tag}-4:Waitlisted"], statuses);
    }

    [Fact]
    public async Task Enrol_KilledHalfway_ThenRunAgain_EnrolsEveryoneOnce()
    {
        var agents = await fixture.NewAgentsAsync(800);
        var session = await fixture.NewSessionAsync(capacity: 1_000);
        var file = Write($"cohort-{session.Id}.csv", ["siren,employerReference", .. agents.Select(a => $"{fixture.Siren},{a.EmployerReference}")]);
        string[] arguments = ["enrol", "--session", session.Id.ToString(CultureInfo.InvariantCulture), "--file", file, "--parallel", "1", "--output", "json"];

        // First run: killed once some batches are in the database, long before the end.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = fixture.Work, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(SandboxServer.Built("sdk/Cnfpt.OpenApi.Cli", "cnfpt"));
        arguments.ToList().ForEach(start.ArgumentList.Add);
        foreach (var (name, value) in fixture.Environment())
        {
            start.Environment[name] = value;
        }

        int atKill;
        using (var first = Process.Start(start)!)
        {
            var clock = Stopwatch.StartNew();
            while ((atKill = await CountAsync(session.Id)) < 150 && !first.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(25);
            }

            Assert.False(first.HasExited, "the first run ended before it could be killed");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        await Task.Delay(1_000); // let the server finish or roll back the batch it was in
        var beforeRerun = await CountAsync(session.Id);
        var rerun = await fixture.CnfptAsync(arguments);

        Assert.InRange(beforeRerun, 150, 799);
        Assert.True(rerun.ExitCode == 0, $"exit {rerun.ExitCode}: {rerun.Output}{rerun.Error}");
        var rows = Rows(rerun.Output);
        Assert.Equal(800, rows.Count);
        Assert.All(rows, r => Assert.Equal("enrolled", r.Outcome));
        Assert.Equal(beforeRerun, rows.Count(r => r.Code == "replayed")); // what the killed run did is replayed, not redone
        await using var db = fixture.NewDbContext();
        Assert.Equal(800, await db.Enrolments.CountAsync(e => e.SessionId == session.Id));
        Assert.Equal(800, await db.Enrolments.Where(e => e.SessionId == session.Id).Select(e => e.AgentId).Distinct().CountAsync());
        Assert.Equal(800, await db.Sessions.Where(s => s.Id == session.Id).Select(s => s.SeatsTaken).SingleAsync());
    }

    [Fact]
    public async Task Login_SavesAProfileReadableByTheUserOnly_AndCommandsUseIt()
    {
        var environment = fixture.Environment();
        var login = await SandboxServer.RunAsync(SandboxServer.Built("sdk/Cnfpt.OpenApi.Cli", "cnfpt"),
            ["login", "--url", fixture.Api.Url.ToString(), "--client-id", CliFixture.It, "--client-secret", CliFixture.Secret, "--profile", "test"],
            fixture.Work, new Dictionary<string, string> { ["CNFPT_CONFIG_DIR"] = environment["CNFPT_CONFIG_DIR"] });
        var search = await SandboxServer.RunAsync(SandboxServer.Built("sdk/Cnfpt.OpenApi.Cli", "cnfpt"),
            ["catalogue", "search", "--profile", "test", "--top", "5", "--output", "json"],
            fixture.Work, new Dictionary<string, string> { ["CNFPT_CONFIG_DIR"] = environment["CNFPT_CONFIG_DIR"] });
        var badSecret = await SandboxServer.RunAsync(SandboxServer.Built("sdk/Cnfpt.OpenApi.Cli", "cnfpt"),
            ["login", "--url", fixture.Api.Url.ToString(), "--client-id", CliFixture.It, "--client-secret", "wrong", "--profile", "bad", "--output", "json"],
            fixture.Work, new Dictionary<string, string> { ["CNFPT_CONFIG_DIR"] = environment["CNFPT_CONFIG_DIR"] });

        Assert.True(login.ExitCode == 0, login.Output + login.Error);
        var path = Path.Combine(environment["CNFPT_CONFIG_DIR"], "profile-test.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Contains(CliFixture.Secret, await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.True(search.ExitCode == 0, search.Output + search.Error);
        Assert.Equal(5, JsonDocument.Parse(search.Output).RootElement.GetArrayLength());
        Assert.Equal(4, badSecret.ExitCode);
        Assert.Equal("oauth-invalid-client", JsonDocument.Parse(badSecret.Output).RootElement.GetProperty("code").GetString());
        Assert.False(File.Exists(Path.Combine(environment["CNFPT_CONFIG_DIR"], "profile-bad.json")));
    }

    private async Task<int> CountAsync(int session)
    {
        await using var db = fixture.NewDbContext();
        return await db.Enrolments.CountAsync(e => e.SessionId == session);
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(fixture.Work, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static List<(string Outcome, string? Code)> Rows(string json) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("outcome").GetString()!, r.TryGetProperty("code", out var c) ? c.GetString() : null))];
}
