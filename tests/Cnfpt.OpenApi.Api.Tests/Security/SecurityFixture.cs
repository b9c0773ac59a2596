using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Security;

/// <summary>
/// A seeded database, the API with real OpenIddict (fixed signing key so that a second, short-lived-token
/// instance can mint tokens that expire), and a cast of callers with known mandates:
/// vendor A acts for collectivités 1–5, vendor B for 4–8, the collectivité IT for 9, vendor C held a mandate
/// over 10 that was revoked (and still holds 11), the back office for all.
/// </summary>
public sealed class SecurityFixture : IAsyncLifetime
{
    public const string VendorA = "test-vendor-a";
    public const string VendorB = "test-vendor-b";
    public const string VendorC = "test-vendor-c";
    public const string CollectiviteIt = "test-collectivite-9";
    public const string BackOffice = "test-backoffice";
    public const string Secret = "test-secret-0123456789";

    private string _connectionString = "";

    public ApiFactory Api { get; private set; } = null!;

    /// <summary>Same database and signing key, tokens that live three seconds.</summary>
    public ApiFactory ShortLived { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Collectivités each client acts for (ground truth, independent of the API).</summary>
    public IReadOnlyDictionary<string, int[]> ActsFor { get; } = new Dictionary<string, int[]>
    {
        [VendorA] = [1, 2, 3, 4, 5],
        [VendorB] = [4, 5, 6, 7, 8],
        [VendorC] = [11],
        [CollectiviteIt] = [9],
    };

    public CnfptDbContext NewDbContext() => TestDatabase.NewContext(_connectionString, TenantScope.All);

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("cnfpt_security", seed: true);
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportRSAPrivateKeyPem();
        Dictionary<string, string?> Settings(string lifetime) => new()
        {
            ["Auth:SigningKeyPem"] = pem,
            ["Auth:RequireHttps"] = "false",
            ["Auth:AccessTokenLifetime"] = lifetime,
            ["RateLimiting:Enabled"] = "false",
        };
        Api = new ApiFactory(_connectionString, Settings("00:10:00"));
        ShortLived = new ApiFactory(_connectionString, Settings("00:00:03"));
        Anonymous = Api.CreateClient();

        await using var scope = Api.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        await clients.RegisterAsync(new(VendorA, "Vendor A", CallerKind.Vendor, null, Scopes.AllowedFor(CallerKind.Vendor)), Secret);
        await clients.RegisterAsync(new(VendorB, "Vendor B", CallerKind.Vendor, null, Scopes.AllowedFor(CallerKind.Vendor)), Secret);
        await clients.RegisterAsync(new(VendorC, "Vendor C", CallerKind.Vendor, null, Scopes.AllowedFor(CallerKind.Vendor)), Secret);
        await clients.RegisterAsync(new(CollectiviteIt, "IT of collectivité 9", CallerKind.Collectivite, 9, Scopes.AllowedFor(CallerKind.Collectivite)), Secret);
        await clients.RegisterAsync(new(BackOffice, "Back office", CallerKind.BackOffice, null, Scopes.AllowedFor(CallerKind.BackOffice)), Secret);

        await using var db = NewDbContext();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Mandate Grant(string client, int collectivite, bool revoked = false, DateOnly? endsOn = null) => new()
        {
            ClientId = client, CollectiviteId = collectivite, StartsOn = today.AddMonths(-6), EndsOn = endsOn,
            GrantedAt = DateTimeOffset.UtcNow, GrantedBy = "test", RevokedAt = revoked ? DateTimeOffset.UtcNow : null,
        };
        db.Mandates.AddRange(ActsFor[VendorA].Select(c => Grant(VendorA, c)));
        db.Mandates.AddRange(ActsFor[VendorB].Select(c => Grant(VendorB, c)));
        db.Mandates.Add(Grant(VendorA, 12, endsOn: today.AddDays(-1))); // expired yesterday
        db.Mandates.Add(Grant(VendorC, 10, revoked: true));
        db.Mandates.Add(Grant(VendorC, 11));
        db.Mandates.Add(Grant(VendorC, 9, revoked: true)); // visible to collectivité 9's IT, gives C nothing
        await db.SaveChangesAsync();
    }

    /// <summary>A token from the token endpoint, or the failing response.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string clientId, string? scope = null, string secret = Secret)
    {
        using var response = await RequestTokenAsync(client, clientId, scope, secret);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"token for {clientId}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public static Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, string clientId, string? scope = null, string secret = Secret)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return client.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(form));
    }

    /// <summary>A client of <paramref name="api"/> that carries a token of <paramref name="clientId"/> (client credentials, every scope it holds).</summary>
    public static async Task<HttpClient> AuthorizedClientAsync(ApiFactory api, string clientId, string secret = Secret)
    {
        ArgumentNullException.ThrowIfNull(api);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client, clientId, secret: secret));
        return client;
    }

    public HttpClient ClientWith(string token)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        Anonymous.Dispose();
        await Api.DisposeAsync();
        await ShortLived.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "Security on PostgreSQL";
}
