using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Idempotency;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Idempotency;

/// <summary>
/// Idempotency-Key on writes, with two API instances on one PostgreSQL database (same signing key, so a token
/// works on both). The write under test is a mandate grant by collectivité 9's IT: each test grants to a
/// vendor of its own, so the number of mandate rows of that vendor is the number of times the write ran.
/// </summary>
[Collection(IdempotencyCollection.Name)]
public sealed class IdempotencyTests(IdempotencyFixture fixture)
{
    [Fact]
    public async Task SequentialRetries_WriteOnce_AndReplayTheFirstAnswer()
    {
        var vendor = await fixture.NewVendorAsync();
        using var it = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt);
        var key = NewKey();

        var answers = new List<Answer>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await SendAsync(it, Grant(vendor, key)));
        }

        var first = answers[0];
        Assert.True(first.Status == HttpStatusCode.Created, first.Body);
        Assert.False(first.Replayed);
        Assert.NotNull(first.Location);
        Assert.All(answers.Skip(1), replay =>
        {
            Assert.Equal(HttpStatusCode.Created, replay.Status);
            Assert.True(replay.Replayed);
            Assert.Equal(first.Body, replay.Body);
            Assert.Equal(first.Location, replay.Location);
            Assert.Equal(first.ContentType, replay.ContentType);
        });
        Assert.Equal(1, await fixture.MandateCountAsync(vendor));
    }

    [Fact]
    public async Task ConcurrentDuplicates_WriteOnce()
    {
        var vendor = await fixture.NewVendorAsync();
        using var it = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt);
        var key = NewKey();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SendAsync(it, Grant(vendor, key))));

        AssertOneWriteAmong(answers);
        Assert.Equal(1, await fixture.MandateCountAsync(vendor));
    }

    [Fact]
    public async Task ConcurrentDuplicates_AcrossTwoInstances_WriteOnce()
    {
        var vendor = await fixture.NewVendorAsync();
        using var one = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt);
        using var two = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt, fixture.Api2);
        var key = NewKey();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => SendAsync(i % 2 == 0 ? one : two, Grant(vendor, key))));

        AssertOneWriteAmong(answers);
        Assert.Equal(1, await fixture.MandateCountAsync(vendor));
    }

    [Fact]
    public async Task Retry_OnAnotherInstance_ReplaysTheFirstAnswer()
    {
        var vendor = await fixture.NewVendorAsync();
        using var one = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt);
        using var two = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt, fixture.Api2);
        var key = NewKey();

        var first = await SendAsync(one, Grant(vendor, key));
        var retry = await SendAsync(two, Grant(vendor, key));

        Assert.True(first.Status == HttpStatusCode.Created, first.Body);
        Assert.Equal(HttpStatusCode.Created, retry.Status);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(first.Location, retry.Location);
        Assert.Equal(1, await fixture.MandateCountAsync(vendor));
    }

    [Fact]
    public async Task SameKey_WithAnotherBody_Is422_AndWritesNothing()
    {
        var vendor = await fixture.NewVendorAsync();
        using var it = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt);
        var key = NewKey();
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(it, Grant(vendor, key))).Status);

        using var response = await it.SendAsync(Grant(vendor, key, endsOn: "2030-12-31"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(1, await fixture.MandateCountAsync(vendor));
    }

    public static TheoryData<string> InvalidKeys => ["a b", "clé", new string('k', 256), "tab\there"];

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task InvalidKey_Is400_AndWritesNothing(string key)
    {
        var vendor = await fixture.NewVendorAsync();
        using var it = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt);

        using var response = await it.SendAsync(Grant(vendor, key));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-idempotency-key");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0, await fixture.MandateCountAsync(vendor));
    }

    [Fact]
    public async Task KeyOf255VisibleCharacters_IsAccepted()
    {
        var vendor = await fixture.NewVendorAsync();
        using var it = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt);
        var key = NewKey() + new string('~', 255 - 32);

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(it, Grant(vendor, key))).Status);
        Assert.True((await SendAsync(it, Grant(vendor, key))).Replayed);
        Assert.Equal(1, await fixture.MandateCountAsync(vendor));
    }

    [Fact]
    public async Task TwoClients_MayUseTheSameKeyValue_Independently()
    {
        var vendor = await fixture.NewVendorAsync();
        using var it = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt);
        using var otherIt = await fixture.ClientAsync(IdempotencyFixture.OtherCollectiviteIt);
        var key = NewKey();

        var mine = await SendAsync(it, Grant(vendor, key));
        var theirs = await SendAsync(otherIt, Grant(vendor, key));

        Assert.Equal(HttpStatusCode.Created, mine.Status);
        Assert.Equal(HttpStatusCode.Created, theirs.Status);
        Assert.False(theirs.Replayed);
        Assert.NotEqual(mine.Location, theirs.Location);
        Assert.Equal(2, await fixture.MandateCountAsync(vendor));
    }

    [Fact]
    public async Task ExpiredKey_RunsAgain()
    {
        var vendor = await fixture.NewVendorAsync();
        using var it = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt);
        var key = NewKey();
        var first = await SendAsync(it, Grant(vendor, key));
        await using (var db = fixture.NewDbContext())
        {
            var expired = await db.IdempotencyRecords
                .Where(r => r.ClientId == IdempotencyFixture.CollectiviteIt && r.Key == key)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
            Assert.Equal(1, expired);
        }

        var again = await SendAsync(it, Grant(vendor, key));
        var replay = await SendAsync(it, Grant(vendor, key));

        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.False(again.Replayed);
        Assert.NotEqual(first.Location, again.Location);
        Assert.True(replay.Replayed);
        Assert.Equal(again.Location, replay.Location);
        Assert.Equal(2, await fixture.MandateCountAsync(vendor));
    }

    [Fact]
    public async Task WithoutTheHeader_EveryRequestRuns()
    {
        var vendor = await fixture.NewVendorAsync();
        using var it = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt);

        var first = await SendAsync(it, Grant(vendor, key: null));
        var second = await SendAsync(it, Grant(vendor, key: null));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.False(second.Replayed);
        Assert.Equal(2, await fixture.MandateCountAsync(vendor));
    }

    [Fact]
    public async Task ClientErrors_AreKept_AndReplayed()
    {
        using var it = await fixture.ClientAsync(IdempotencyFixture.CollectiviteIt);
        var key = NewKey();

        // Granting a mandate to a client that is not a vendor is refused by the endpoint (400).
        var first = await SendAsync(it, Grant(IdempotencyFixture.BackOffice, key));
        var retry = await SendAsync(it, Grant(IdempotencyFixture.BackOffice, key));

        Assert.Equal(HttpStatusCode.BadRequest, first.Status);
        Assert.False(first.Replayed);
        Assert.Equal(HttpStatusCode.BadRequest, retry.Status);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal("application/problem+json", retry.ContentType);
    }

    [Fact]
    public async Task ClientRegistration_ByTheBackOffice_RunsOnce()
    {
        using var backOffice = await fixture.ClientAsync(IdempotencyFixture.BackOffice);
        var clientId = "idem-registered-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var body = $$"""{"clientId":"{{clientId}}","displayName":"Registered once","kind":"Vendor","scopes":["{{Scopes.CatalogueRead}}"]}""";
        var key = NewKey();
        HttpRequestMessage Register() => Post("/admin/clients", body, key);

        var first = await SendAsync(backOffice, Register());
        var retry = await SendAsync(backOffice, Register());

        Assert.True(first.Status == HttpStatusCode.Created, first.Body);
        Assert.Equal(HttpStatusCode.Created, retry.Status);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(first.Location, retry.Location);
        var clients = JsonDocument.Parse(await backOffice.GetStringAsync(new Uri("/admin/clients", UriKind.Relative))).RootElement;
        Assert.Single(clients.EnumerateArray(), c => c.GetProperty("clientId").GetString() == clientId);
    }

    [Fact]
    public async Task Cleanup_DeletesExpiredRecords_Only()
    {
        var now = DateTimeOffset.UtcNow;
        IdempotencyRecord Record(string key, DateTimeOffset expiresAt) => new()
        {
            ClientId = "idem-cleanup", Key = key, RequestHash = new string('0', 64),
            CreatedAt = now.AddHours(-25), ExpiresAt = expiresAt, StatusCode = 201, CompletedAt = now.AddHours(-25),
        };
        var expired = NewKey();
        var live = NewKey();
        await using (var db = fixture.NewDbContext())
        {
            db.IdempotencyRecords.AddRange(Record(expired, now.AddHours(-1)), Record(live, now.AddHours(1)));
            await db.SaveChangesAsync();
        }

        var deleted = await fixture.Api.Services.GetRequiredService<IdempotencyCleanup>().DeleteExpiredAsync(CancellationToken.None);

        Assert.True(deleted >= 1);
        await using var check = fixture.NewDbContext();
        var left = await check.IdempotencyRecords.Where(r => r.ClientId == "idem-cleanup").Select(r => r.Key).ToListAsync();
        Assert.Equal([live], left);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, true)]
    [InlineData(204, true)]
    [InlineData(400, true)]
    [InlineData(404, true)]
    [InlineData(409, true)]
    [InlineData(429, false)]
    [InlineData(500, false)]
    [InlineData(503, false)]
    public void Keeps_EveryAnswerBut5xxAnd429(int status, bool kept) => Assert.Equal(kept, IdempotencyMiddleware.Keeps(status));

    [Theory]
    [InlineData("", false)] // HttpClient does not send an empty header: checked here
    [InlineData(" ", false)]
    [InlineData("x", true)]
    [InlineData("order-2026-0001:retry", true)]
    [InlineData("e0f1a2b3-c4d5-4e6f-8a9b-0c1d2e3f4a5b", true)]
    public void IsValidKey_AcceptsVisibleAscii(string key, bool valid) => Assert.Equal(valid, IdempotencyMiddleware.IsValidKey(key));

    /// <summary>Exactly one answer ran the write; every other one is its replay or a 409 while it ran.</summary>
    private static void AssertOneWriteAmong(IReadOnlyList<Answer> answers)
    {
        var original = Assert.Single(answers, a => a.Status == HttpStatusCode.Created && !a.Replayed);
        foreach (var answer in answers.Where(a => !ReferenceEquals(a, original)))
        {
            if (answer.Status == HttpStatusCode.Created)
            {
                Assert.True(answer.Replayed);
                Assert.Equal(original.Body, answer.Body);
                Assert.Equal(original.Location, answer.Location);
            }
            else
            {
                Assert.True(answer.Status == HttpStatusCode.Conflict, $"{(int)answer.Status}: {answer.Body}");
                Assert.Equal("idempotency-in-progress", JsonDocument.Parse(answer.Body).RootElement.GetProperty("code").GetString());
                Assert.Equal(TimeSpan.FromSeconds(1), answer.RetryAfter);
            }
        }
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static HttpRequestMessage Grant(string vendor, string? key, string? endsOn = null) => Post(
        "/v1/Mandates",
        endsOn is null
            ? $$"""{"collectiviteId":9,"clientId":"{{vendor}}"}"""
            : $$"""{"collectiviteId":9,"clientId":"{{vendor}}","endsOn":"{{endsOn}}"}""",
        key);

    private static HttpRequestMessage Post(string path, string json, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyMiddleware.KeyHeader, key);
        }

        return request;
    }

    private static async Task<Answer> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request);
            return new Answer(
                response.StatusCode,
                await response.Content.ReadAsStringAsync(),
                response.Headers.Location,
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.TryGetValues(IdempotencyMiddleware.ReplayedHeader, out var replayed) && replayed.Single() == "true",
                response.Headers.RetryAfter?.Delta);
        }
    }

    private sealed record Answer(HttpStatusCode Status, string Body, Uri? Location, string? ContentType, bool Replayed, TimeSpan? RetryAfter);
}

/// <summary>
/// A seeded database shared by two API instances with the same signing key; collectivité 9's IT (twice, as
/// two clients) and a back office. Rate limits off: the tests send bursts on purpose.
/// </summary>
public sealed class IdempotencyFixture : IAsyncLifetime
{
    public const string CollectiviteIt = "idem-collectivite-9";
    public const string OtherCollectiviteIt = "idem-collectivite-9-bis";
    public const string BackOffice = "idem-backoffice";
    private const string Secret = "idem-secret-0123456789";

    private readonly ConcurrentDictionary<string, string> _tokens = new();
    private string _connectionString = "";

    public ApiFactory Api { get; private set; } = null!;

    /// <summary>A second instance on the same database.</summary>
    public ApiFactory Api2 { get; private set; } = null!;

    public CnfptDbContext NewDbContext() => TestDatabase.NewContext(_connectionString, TenantScope.All);

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("cnfpt_idempotency", seed: true);
        using var rsa = RSA.Create(2048);
        var settings = new Dictionary<string, string?>
        {
            ["Auth:SigningKeyPem"] = rsa.ExportRSAPrivateKeyPem(),
            ["Auth:RequireHttps"] = "false",
            ["RateLimiting:Enabled"] = "false",
        };
        Api = new ApiFactory(_connectionString, settings);
        Api2 = new ApiFactory(_connectionString, settings);

        await using var scope = Api.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        await clients.RegisterAsync(new(CollectiviteIt, "IT of collectivité 9", CallerKind.Collectivite, 9, Scopes.AllowedFor(CallerKind.Collectivite)), Secret);
        await clients.RegisterAsync(new(OtherCollectiviteIt, "Other IT of collectivité 9", CallerKind.Collectivite, 9, Scopes.AllowedFor(CallerKind.Collectivite)), Secret);
        await clients.RegisterAsync(new(BackOffice, "Back office", CallerKind.BackOffice, null, Scopes.AllowedFor(CallerKind.BackOffice)), Secret);
    }

    /// <summary>A vendor client of its own for one test (nobody else grants it mandates).</summary>
    public async Task<string> NewVendorAsync()
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<ClientRegistry>()
            .RegisterAsync(new ClientRegistration(null, "Vendor of one test", CallerKind.Vendor, null, [Scopes.CatalogueRead]));
        return created.ClientId;
    }

    /// <summary>An HTTP client of the given instance (the first by default) with a token of <paramref name="clientId"/>.</summary>
    public async Task<HttpClient> ClientAsync(string clientId, ApiFactory? instance = null)
    {
        if (!_tokens.TryGetValue(clientId, out var token))
        {
            using var anonymous = Api.CreateClient();
            using var response = await anonymous.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = Secret,
            }));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"token for {clientId}: {(int)response.StatusCode} {body}");
            token = _tokens.GetOrAdd(clientId, JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!);
        }

        var client = (instance ?? Api).CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<int> MandateCountAsync(string vendor)
    {
        await using var db = NewDbContext();
        return await db.Mandates.CountAsync(m => m.ClientId == vendor);
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Api2.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class IdempotencyCollection : ICollectionFixture<IdempotencyFixture>
{
    public const string Name = "Idempotency on PostgreSQL";
}
