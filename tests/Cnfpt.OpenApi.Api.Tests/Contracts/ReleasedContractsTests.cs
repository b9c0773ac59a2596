using System.Text.Json.Nodes;
using System.Xml.Linq;
using Cnfpt.OpenApi.Api.Tests.Contracts.Gate;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.Contracts;

/// <summary>
/// The breaking-change gate: every released version (contracts/released/vN/) compared with its current contract
/// (contracts/openapi/vN.json, contracts/csdl/vN.xml, which the drift tests keep equal to what the API serves).
/// A released version may only grow; the failure message names each break. docs/versioning.md is the policy.
/// </summary>
public sealed class ReleasedContractsTests
{
    private static readonly string Contracts = Path.Combine(Repository.Root, "contracts");

    private static IEnumerable<string> Versions() =>
        Directory.GetDirectories(Path.Combine(Contracts, "released")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static TheoryData<string> ReleasedVersions() => [.. Versions()];

    [Fact]
    public void EveryServedVersion_IsReleased()
    {
        // v2 was released (2.0) on 23 November 2026: both versions are gated.
        Assert.Equal(["v1", "v2"], Versions());
    }

    [Theory]
    [MemberData(nameof(ReleasedVersions))]
    public async Task OpenApi_OfAReleasedVersion_OnlyGrows(string version)
    {
        var released = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Contracts, "released", version, "openapi.json")))!;
        var current = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Contracts, "openapi", $"{version}.json")))!;

        var breaks = OpenApiGate.Compare(released, current);

        Assert.True(breaks.Count == 0, Message(version, "contracts/openapi", breaks));
    }

    [Theory]
    [MemberData(nameof(ReleasedVersions))]
    public void Csdl_OfAReleasedVersion_OnlyGrows(string version)
    {
        var released = XDocument.Load(Path.Combine(Contracts, "released", version, "csdl.xml"));
        var current = XDocument.Load(Path.Combine(Contracts, "csdl", $"{version}.xml"));

        var breaks = CsdlGate.Compare(released, current);

        Assert.True(breaks.Count == 0, Message(version, "contracts/csdl", breaks));
    }

    private static string Message(string version, string where, List<ContractBreak> breaks) =>
        $"{breaks.Count} breaking change(s) to released {version} in {where} (docs/versioning.md: a released version only grows; "
        + "make the change in the next version instead):" + Environment.NewLine + string.Join(Environment.NewLine, breaks.Select(b => "  " + b));
}
