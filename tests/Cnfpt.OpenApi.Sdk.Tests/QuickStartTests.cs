using System.Text.RegularExpressions;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Sdk.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Sdk.Tests;

/// <summary>The README's quick start is samples/QuickStart/Program.cs, verbatim, and it enrols an agent on a fresh sandbox.</summary>
public sealed partial class QuickStartTests(SandboxServer sandbox) : IClassFixture<SandboxServer>
{
    [Fact]
    public void Readme_QuickStart_IsTheSampleVerbatim_InAtMost20Lines()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "sdk/Cnfpt.OpenApi.Sdk/README.md"));
        var program = File.ReadAllText(Path.Combine(Repository.Root, "samples/QuickStart/Program.cs"));

        var snippet = QuickStartBlock().Match(readme);

        Assert.True(snippet.Success, "README.md has no quick-start block");
        Assert.Equal(program.ReplaceLineEndings("\n"), snippet.Groups["code"].Value.ReplaceLineEndings("\n"));
        Assert.True(program.TrimEnd().Split('\n').Length <= 20, "the quick start is longer than 20 lines");
    }

    [Fact]
    public async Task QuickStart_EnrolsAnAgent_OnTheSandbox()
    {
        var (exitCode, output, error) = await SandboxServer.RunAsync(SandboxServer.Built("samples/QuickStart", "QuickStart"), [sandbox.Url.ToString()]);

        Assert.True(exitCode == 0, $"exit {exitCode}: {output}{error}");
        var line = EnrolledLine().Match(output);
        Assert.True(line.Success, output);
        using var client = new CnfptClient(new CnfptClientOptions { BaseAddress = sandbox.Url, ClientId = "demo-collectivite-1", ClientSecret = "sandbox-secret-collectivite-1" });
        var enrolment = await client.Enrolments.GetVersionedAsync(int.Parse(line.Groups["enrolment"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(int.Parse(line.Groups["agent"].Value, System.Globalization.CultureInfo.InvariantCulture), enrolment.Value.AgentId);
        Assert.Equal(line.Groups["status"].Value, enrolment.Value.Status.ToString());
    }

    [GeneratedRegex(@"<!-- quick-start:begin[^\n]*\n```csharp\n(?<code>.*?)```\n<!-- quick-start:end -->", RegexOptions.Singleline)]
    private static partial Regex QuickStartBlock();

    [GeneratedRegex(@"Agent (?<agent>\d+) enrolled in session (?<session>\d+): enrolment (?<enrolment>\d+), (?<status>Accepted|Waitlisted)")]
    private static partial Regex EnrolledLine();
}
