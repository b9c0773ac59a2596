using System.Xml.Linq;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.Contracts;

/// <summary>
/// The served $metadata of each version equals the committed contracts/csdl file: a change of the wire format
/// cannot land without its contract diff. Regenerate with CNFPT_UPDATE_CONTRACTS=1 ./build.sh test.
/// </summary>
[Collection(CatalogueCollection.Name)]
public sealed class CsdlContractTests(CatalogueFixture fixture)
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task ServedMetadata_EqualsTheCommittedContract(string version)
    {
        var served = XDocument.Parse(await fixture.Client.GetStringAsync(new Uri($"/{version}/$metadata", UriKind.Relative)));
        var path = Path.Combine(Repository.Root, "contracts", "csdl", $"{version}.xml");

        if (Repository.UpdateContracts)
        {
            await File.WriteAllTextAsync(path, served.Declaration + Environment.NewLine + served.ToString(SaveOptions.None) + Environment.NewLine);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run CNFPT_UPDATE_CONTRACTS=1 ./build.sh test");
        var committed = XDocument.Load(path);
        Assert.True(XNode.DeepEquals(committed.Root, served.Root),
            $"/{version}/$metadata differs from contracts/csdl/{version}.xml. If the change is intended (and allowed by docs/versioning.md), "
            + "run CNFPT_UPDATE_CONTRACTS=1 ./build.sh test and commit the contract with the code.");
    }
}
