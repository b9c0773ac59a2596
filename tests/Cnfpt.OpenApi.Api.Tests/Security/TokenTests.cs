using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cnfpt.OpenApi.Api.Tests.Security;

/// <summary>The token endpoint and the life of a token: issue, scopes, expiry, rotation, revocation.</summary>
[Collection(SecurityCollection.Name)]
public sealed class TokenTests(SecurityFixture fixture)
{
    [Fact]
    public async Task ClientCredentials_GiveAShortLivedBearerJwt_WithTheClientsScopes()
    {
        using var response = await SecurityFixture.RequestTokenAsync(fixture.Anonymous, SecurityFixture.VendorA);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.InRange(body.GetProperty("expires_in").GetInt32(), 60, 600);
        var jwt = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal(SecurityFixture.VendorA, jwt.Subject);
        Assert.Equal("Vendor", jwt.GetClaim(CnfptClaims.ClientKind).Value);
        Assert.Equal(Scopes.AllowedFor(CallerKind.Vendor).Order(), jwt.GetClaim("scope").Value.Split(' ').Order());
    }

    [Fact]
    public async Task WrongSecret_IsA401Problem_WithOAuthErrorMembers()
    {
        using var response = await SecurityFixture.RequestTokenAsync(fixture.Anonymous, SecurityFixture.VendorA, secret: "not-the-secret");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "oauth-invalid-client");
        Assert.Equal("invalid_client", problem.GetProperty("error").GetString());
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
        Assert.DoesNotContain("not-the-secret", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clients.admin", "oauth-invalid-request")] // exists, but not granted to vendors
    [InlineData("no.such.scope", "oauth-invalid-scope")]
    public async Task ScopeNotHeld_IsRefusedAtTheTokenEndpoint(string scope, string code)
    {
        using var response = await SecurityFixture.RequestTokenAsync(fixture.Anonymous, SecurityFixture.VendorA, scope);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.True(problem.GetProperty("errors").TryGetProperty("scope", out _) || problem.GetProperty("errors").TryGetProperty("request", out _));
    }

    [Fact]
    public async Task ExpiredToken_IsA401_ThatSaysWhy()
    {
        var token = await SecurityFixture.TokenAsync(fixture.ShortLived.CreateClient(), SecurityFixture.VendorA);
        using var client = fixture.ClientWith(token);
        using var fresh = await client.GetAsync(new Uri("/v1/Agents?$top=1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(4));
        using var response = await client.GetAsync(new Uri("/v1/Agents?$top=1", UriKind.Relative));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("no longer valid", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RevokingAClient_InvalidatesItsTokensAtOnce()
    {
        var registration = await RegisterAsync(CallerKind.Vendor);
        var token = await SecurityFixture.TokenAsync(fixture.Anonymous, registration.ClientId, secret: registration.ClientSecret!);
        using var client = fixture.ClientWith(token);
        using var before = await client.GetAsync(new Uri("/v1/Mandates", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var admin = fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, SecurityFixture.BackOffice));
        using var revoke = await admin.DeleteAsync(new Uri($"/admin/clients/{registration.ClientId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        using var after = await client.GetAsync(new Uri("/v1/Mandates", UriKind.Relative));
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var again = await SecurityFixture.RequestTokenAsync(fixture.Anonymous, registration.ClientId, secret: registration.ClientSecret!);
        await again.AssertProblemAsync(HttpStatusCode.Unauthorized, "oauth-invalid-client");
    }

    [Fact]
    public async Task RotatingASecret_RefusesTheOldOne_AndAcceptsTheNewOne()
    {
        var registration = await RegisterAsync(CallerKind.Vendor);
        using var admin = fixture.ClientWith(await SecurityFixture.TokenAsync(fixture.Anonymous, SecurityFixture.BackOffice));

        using var rotate = await admin.PostAsync(new Uri($"/admin/clients/{registration.ClientId}/secret", UriKind.Relative), null);
        var rotated = JsonDocument.Parse(await rotate.Content.ReadAsStringAsync()).RootElement;
        var newSecret = rotated.GetProperty("clientSecret").GetString()!;

        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        Assert.NotEqual(registration.ClientSecret, newSecret);
        using var old = await SecurityFixture.RequestTokenAsync(fixture.Anonymous, registration.ClientId, secret: registration.ClientSecret!);
        await old.AssertProblemAsync(HttpStatusCode.Unauthorized, "oauth-invalid-client");
        Assert.False(string.IsNullOrEmpty(await SecurityFixture.TokenAsync(fixture.Anonymous, registration.ClientId, secret: newSecret)));
    }

    [Fact]
    public async Task PrivateKeyJwt_AuthenticatesAClientWithoutASharedSecret()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var registration = await RegisterAsync(CallerKind.Vendor, key.ExportSubjectPublicKeyInfoPem());
        Assert.Null(registration.ClientSecret);

        var assertion = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = registration.ClientId,
            Audience = fixture.Anonymous.BaseAddress!.ToString(),
            Claims = new Dictionary<string, object> { ["sub"] = registration.ClientId, ["jti"] = Guid.NewGuid().ToString() },
            Expires = DateTime.UtcNow.AddMinutes(2),
            TokenType = "client-authentication+jwt",
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256),
        });
        using var response = await fixture.Anonymous.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = registration.ClientId,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
        }));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(registration.ClientId, new JsonWebToken(JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()).Subject);
    }

    private async Task<ClientCredentials> RegisterAsync(CallerKind kind, string? publicKeyPem = null)
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClientRegistry>()
            .RegisterAsync(new ClientRegistration(null, "Throwaway client", kind, null, Scopes.AllowedFor(kind), publicKeyPem));
    }
}
