using System.Diagnostics;
using System.Text.Json.Nodes;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Cnfpt.OpenApi.Api.Tests.Contracts;

/// <summary>
/// The committed OpenAPI documents pass Spectral (pinned in contracts/package.json, installed by <c>npm ci</c> in
/// ./build.sh test) with our ruleset contracts/.spectral.yaml: operationId, description, problem responses, and a
/// security requirement or <c>x-anonymous: true</c> on every operation. A second test proves the rules bite.
/// </summary>
public sealed class SpectralLintTests(ITestOutputHelper output)
{
    private static readonly string Contracts = Path.Combine(Repository.Root, "contracts");
    private static readonly string[] LintArguments = ["lint", "--fail-severity", "warn", "--ruleset", ".spectral.yaml"];

    [Fact]
    public async Task CommittedOpenApiDocuments_PassTheLint()
    {
        var (exit, text) = await LintAsync(Path.Combine(Contracts, "openapi", "v1.json"), Path.Combine(Contracts, "openapi", "v2.json"));

        output.WriteLine(text);
        Assert.True(exit == 0, "Spectral found problems in contracts/openapi:" + Environment.NewLine + text);
        Assert.Contains("No results with a severity of 'warn' or higher found", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OurRules_RejectAnOperation_WithoutDescriptionSecurityOrProblems()
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Contracts, "openapi", "v2.json")))!;
        var courses = document["paths"]!["/v2/Courses"]!["get"]!.AsObject();
        courses.Remove("description");
        courses.Remove("x-anonymous");
        var responses = courses["responses"]!.AsObject();
        foreach (var status in responses.Select(r => r.Key).Where(k => k != "200").ToList())
        {
            responses.Remove(status);
        }

        var agents = document["paths"]!["/v2/Agents"]!["get"]!.AsObject();
        agents.Remove("operationId");
        agents["responses"]!["401"]!["content"] = new JsonObject { ["application/json"] = new JsonObject() };
        var broken = Path.Combine(Path.GetTempPath(), $"cnfpt-broken-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(broken, document.ToJsonString());
        try
        {
            var (exit, text) = await LintAsync(broken);

            output.WriteLine(text);
            Assert.NotEqual(0, exit);
            Assert.Contains("cnfpt-operation-description", text, StringComparison.Ordinal);
            Assert.Contains("cnfpt-security-or-anonymous", text, StringComparison.Ordinal);
            Assert.Contains("cnfpt-problem-responses", text, StringComparison.Ordinal);
            Assert.Contains("cnfpt-operation-id", text, StringComparison.Ordinal);
            Assert.Contains("paths./v2/Courses.get", text, StringComparison.Ordinal);
            Assert.Contains("paths./v2/Agents.get", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    private static async Task<(int Exit, string Output)> LintAsync(params string[] documents)
    {
        var spectral = Path.Combine(Contracts, "node_modules", ".bin", "spectral");
        Assert.True(File.Exists(spectral), $"{spectral} is missing: run `npm ci` in contracts/ (./build.sh test does it).");
        var start = new ProcessStartInfo(spectral)
        {
            WorkingDirectory = Contracts,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in LintArguments.Concat(documents))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
