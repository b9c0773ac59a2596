using System.Text.Json;
using System.Text.Json.Nodes;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.Contracts;

/// <summary>
/// The OpenAPI document served by the running API equals contracts/openapi/{version}.json: an operation,
/// schema, scope or error response cannot change without its contract diff. Regenerate with
/// CNFPT_UPDATE_CONTRACTS=1 ./build.sh test.
/// </summary>
[Collection(CatalogueCollection.Name)]
public sealed class OpenApiContractTests(CatalogueFixture fixture)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task ServedOpenApi_EqualsTheCommittedContract(string version)
    {
        var served = JsonNode.Parse(await fixture.Client.GetStringAsync(new Uri($"/swagger/{version}/swagger.json", UriKind.Relative)))!;
        var path = Path.Combine(Repository.Root, "contracts", "openapi", $"{version}.json");

        if (Repository.UpdateContracts)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served.ToJsonString(Indented) + Environment.NewLine);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run CNFPT_UPDATE_CONTRACTS=1 ./build.sh test");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.True(JsonNode.DeepEquals(committed, served),
            $"/swagger/{version}/swagger.json differs from contracts/openapi/{version}.json. If the change is intended, "
            + "run CNFPT_UPDATE_CONTRACTS=1 ./build.sh test and commit the contract with the code.");
    }
}
