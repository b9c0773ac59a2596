using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Security;

/// <summary>A collectivité grants and revokes a vendor's access; the vendor's view follows at its next request.</summary>
[Collection(SecurityCollection.Name)]
public sealed class MandateTests(SecurityFixture fixture)
{
    [Fact]
    public async Task GrantThenRevoke_OpensThenClosesTheVendorsAccess_ToThatCollectiviteOnly()
    {
        // A fresh vendor with no mandate, and collectivité 9's IT that grants it one.
        ClientCredentials vendor;
        await using (var scope = fixture.Api.Services.CreateAsyncScope())
        {
            vendor = await scope.ServiceProvider.GetRequiredService<ClientRegistry>()
                .RegisterAsync(new ClientRegistration(null, "New vendor", CallerKind.Vendor, null, Scopes.AllowedFor(CallerKind.Vendor)));
        }

        using var vendorApi = fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, vendor.ClientId, secret: vendor.ClientSecret!));
        using var it = fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, SecurityFixture.CollectiviteIt));
        int agentOf9;
        await using (var db = fixture.NewDbContext())
        {
            agentOf9 = await db.Agents.Where(a => a.CollectiviteId == 9).Select(a => a.Id).FirstAsync();
        }

        await (await vendorApi.GetAsync(new Uri($"/v1/Agents({agentOf9})", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");

        using var grant = await it.PostAsJsonAsync(new Uri("/v1/Mandates", UriKind.Relative), new { collectiviteId = 9, clientId = vendor.ClientId });
        var mandate = JsonDocument.Parse(await grant.Content.ReadAsStringAsync()).RootElement;
        Assert.True(grant.StatusCode == HttpStatusCode.Created, mandate.ToString());
        Assert.Equal(SecurityFixture.CollectiviteIt, mandate.GetProperty("grantedBy").GetString());

        var agents = await vendorApi.GetJsonAsync("/v1/Agents?$select=collectiviteId&$top=1000");
        Assert.NotEmpty(agents.Values());
        Assert.All(agents.Values(), a => Assert.Equal(9, a.GetProperty("collectiviteId").GetInt32()));
        await vendorApi.GetJsonAsync($"/v1/Agents({agentOf9})");

        using var revoke = await it.PostAsync(new Uri($"/v1/Mandates({mandate.GetProperty("id").GetInt32()})/Revoke", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        await (await vendorApi.GetAsync(new Uri($"/v1/Agents({agentOf9})", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Empty((await vendorApi.GetJsonAsync("/v1/Agents")).Values());
        var held = await vendorApi.GetJsonAsync("/v1/Mandates");
        Assert.False(string.IsNullOrEmpty(Assert.Single(held.Values()).GetProperty("revokedAt").GetString()));
    }

    [Fact]
    public async Task CollectiviteIt_CannotGrantForAnotherCollectivite()
    {
        using var it = fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, SecurityFixture.CollectiviteIt));

        using var response = await it.PostAsJsonAsync(new Uri("/v1/Mandates", UriKind.Relative), new { collectiviteId = 1, clientId = SecurityFixture.VendorB });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "not-mandated");
        Assert.True(problem.GetProperty("errors").TryGetProperty("collectiviteId", out _));
        await using var db = fixture.NewDbContext();
        Assert.False(await db.Mandates.AnyAsync(m => m.CollectiviteId == 1 && m.ClientId == SecurityFixture.VendorB));
    }

    [Fact]
    public async Task Grant_ToSomethingThatIsNotAVendor_IsA400()
    {
        using var it = fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, SecurityFixture.CollectiviteIt));

        using var response = await it.PostAsJsonAsync(new Uri("/v1/Mandates", UriKind.Relative), new { collectiviteId = 9, clientId = SecurityFixture.BackOffice });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task Vendor_CannotGrantItselfAMandate()
    {
        using var vendor = fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, SecurityFixture.VendorA));

        using var response = await vendor.PostAsJsonAsync(new Uri("/v1/Mandates", UriKind.Relative), new { collectiviteId = 20, clientId = SecurityFixture.VendorA });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
        Assert.Contains("mandates.write", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredAndRevokedMandates_GiveNoAccess()
    {
        using var a = fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, SecurityFixture.VendorA));
        using var c = fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, SecurityFixture.VendorC));

        var seenByA = (await a.GetJsonAsync("/v1/Collectivites?$select=id")).Values().Select(x => x.GetProperty("id").GetInt32()).ToList();
        var seenByC = (await c.GetJsonAsync("/v1/Collectivites?$select=id")).Values().Select(x => x.GetProperty("id").GetInt32()).ToList();

        Assert.Equal(fixture.ActsFor[SecurityFixture.VendorA], seenByA); // not 12: that mandate ended yesterday
        Assert.Equal(fixture.ActsFor[SecurityFixture.VendorC], seenByC); // not 10 nor 9: revoked
    }
}
