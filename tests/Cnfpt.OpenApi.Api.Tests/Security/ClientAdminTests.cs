using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.Security;

/// <summary>The back office registers clients; a secret is shown once and works at once.</summary>
[Collection(SecurityCollection.Name)]
public sealed class ClientAdminTests(SecurityFixture fixture)
{
    private static readonly string[] ReadOnlyScopes = ["enrolments.read", "catalogue.read"];

    [Fact]
    public async Task Register_ReturnsASecretOnce_ThatGetsATokenWithTheGrantedScopes()
    {
        using var admin = fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, SecurityFixture.BackOffice));

        using var created = await admin.PostAsJsonAsync(new Uri("/admin/clients", UriKind.Relative), new
        {
            displayName = "Éditeur Z",
            kind = "Vendor",
            scopes = ReadOnlyScopes,
        });
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var clientId = body.GetProperty("clientId").GetString()!;
        var secret = body.GetProperty("clientSecret").GetString()!;
        Assert.True(secret.Length >= 40);
        var listed = await admin.GetStringAsync(new Uri("/admin/clients", UriKind.Relative));
        Assert.Contains(clientId, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        var token = await SecurityFixture.TokenAsync(fixture.Anonymous, clientId, secret: secret);
        using var client = fixture.ClientWith(token);
        await (await client.GetAsync(new Uri("/v1/Mandates", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }

    [Theory]
    [InlineData("""{"displayName":"X","kind":"Vendor","scopes":["clients.admin"]}""", "scopes")]
    [InlineData("""{"displayName":"X","kind":"Collectivite","scopes":[]}""", "collectiviteId")]
    [InlineData("""{"displayName":"X","kind":"Vendor","collectiviteId":3,"scopes":[]}""", "collectiviteId")]
    [InlineData("""{"displayName":"","kind":"Vendor","scopes":[]}""", "displayName")]
    [InlineData("""{"clientId":"a b","displayName":"X","kind":"Vendor","scopes":[]}""", "clientId")]
    [InlineData("""{"displayName":"X","kind":"Vendor","scopes":[],"publicKeyPem":"not a key"}""", "publicKeyPem")]
    public async Task Register_RefusesAnInvalidRegistration_NamingTheField(string json, string field)
    {
        using var admin = fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, SecurityFixture.BackOffice));

        using var response = await admin.PostAsync(new Uri("/admin/clients", UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Register_AnExistingClientId_IsA409()
    {
        using var admin = fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, SecurityFixture.BackOffice));

        using var response = await admin.PostAsJsonAsync(new Uri("/admin/clients", UriKind.Relative), new { clientId = SecurityFixture.VendorA, displayName = "Dup", kind = "Vendor", scopes = Array.Empty<string>() });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "client-exists");
    }
}
