using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Attestations;
using Cnfpt.OpenApi.Sdk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Db = Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Sdk.Tests;

/// <summary>
/// Offline verification in the SDK against tokens the real API signed (PostgreSQL, the API's key): each forgery
/// gets the verdict the API itself gives online; the keys are fetched once, survive the API going away, and a
/// rotated-in key costs exactly one more fetch.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class AttestationVerificationTests(SdkFixture fixture)
{
    [Fact]
    public async Task GenuineToken_VerifiesOffline_AsValid_WithTheSignedFacts_AndItsPdfDownloads()
    {
        var issued = (await IssueAsync()).Single();
        using var client = fixture.Client();

        var listed = await client.Attestations.ListAllAsync(new ODataQuery<Attestation>().Where(a => a.Id, issued.Id)).SingleAsync();
        var result = await client.Attestations.VerifyOfflineAsync(listed.SignedToken!);

        Assert.Equal(AttestationVerdict.Valid, result.Verdict);
        Assert.False(result.Online);
        Assert.Equal(issued.KeyId, result.KeyId);
        await using var db = fixture.NewDbContext();
        var agent = await db.Agents.SingleAsync(a => a.Id == issued.AgentId);
        var facts = result.Attestation!;
        Assert.Equal((issued.Number, issued.AgentId, agent.LastName, issued.SessionId, issued.HalfDaysAttended, (double)issued.DaysAttended, SdkFixture.Collectivite),
            (facts.Number, facts.AgentId, facts.AgentLastName, facts.SessionId, facts.HalfDaysAttended, facts.DaysAttended, facts.CollectiviteId));

        // Its Verifiable Credential (vc+jwt) is signed by the same keys and carries the same facts.
        var credential = await client.Attestations.VerifyOfflineAsync(await client.Attestations.GetCredentialJwtAsync(issued.Id));
        Assert.Equal((AttestationVerdict.Valid, issued.Number, issued.HalfDaysAttended), (credential.Verdict, credential.Attestation?.Number, credential.Attestation?.HalfDaysAttended));

        await using var pdf = await client.Attestations.DownloadPdfAsync(issued.Id);
        using var bytes = new MemoryStream();
        await pdf.CopyToAsync(bytes);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes.ToArray(), 0, 5));
        var online = await client.Attestations.VerifyPdfOnlineAsync(bytes.ToArray());
        Assert.Equal((AttestationVerdict.Valid, true, issued.Number), (online.Verdict, online.Online, online.Attestation?.Number));
    }

    [Fact]
    public async Task EveryForgery_GetsTheVerdictTheApiGivesOnline()
    {
        var token = (await IssueAsync()).Single().SignedToken!;
        var (header, payload, signature) = Split(token);
        var kid = JsonNode.Parse(Decode(header))!["kid"]!.GetValue<string>();
        var altered = JsonNode.Parse(Decode(payload))!;
        altered["attestation"]!["halfDaysAttended"] = 40;
        var raw = Convert.FromBase64String(ToBase64(signature));
        raw[10] ^= 0x01;
        using var foreign = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cases = new (string Name, string Token, AttestationVerdict Expected)[]
        {
            ("payload altered", $"{header}.{Encode(altered.ToJsonString())}.{signature}", AttestationVerdict.Tampered),
            ("signature altered", $"{header}.{payload}.{Encode(raw)}", AttestationVerdict.Tampered),
            ("alg none", $"{Encode($$"""{"alg":"none","kid":"{{kid}}","typ":"JWT"}""")}.{payload}.", AttestationVerdict.Tampered),
            ("HS256 keyed with anything", Sign(foreign, $$"""{"alg":"HS256","kid":"{{kid}}"}""", Decode(payload)), AttestationVerdict.Tampered),
            ("a foreign key under the CNFPT kid", Sign(foreign, $$"""{"alg":"ES256","kid":"{{kid}}","typ":"JWT"}""", Decode(payload)), AttestationVerdict.Tampered),
            ("a foreign key under its own kid", Sign(foreign, """{"alg":"ES256","kid":"not-a-cnfpt-key","typ":"JWT"}""", Decode(payload)), AttestationVerdict.UnknownKey),
            ("no kid", Sign(foreign, """{"alg":"ES256","typ":"JWT"}""", Decode(payload)), AttestationVerdict.Malformed),
            ("two parts", $"{header}.{payload}", AttestationVerdict.Malformed),
            ("not base64url JSON", "abc.def.ghi", AttestationVerdict.Malformed),
        };
        using var client = fixture.Client();

        foreach (var (name, forged, expected) in cases)
        {
            var offline = await client.Attestations.VerifyOfflineAsync(forged);
            var online = await client.Attestations.VerifyOnlineAsync(forged);

            Assert.True(expected == offline.Verdict, $"{name}: offline {offline}");
            Assert.True(expected == online.Verdict, $"{name}: online {online}");
            Assert.Null(offline.Attestation);
        }

        Assert.Equal(AttestationVerdict.Valid, (await client.Attestations.VerifyOfflineAsync(token)).Verdict);
    }

    [Fact]
    public async Task WithTheKeysCached_VerificationNeedsNoNetwork_InMemoryOrFromAFile()
    {
        var token = (await IssueAsync()).Single().SignedToken!;
        var file = Path.Combine(Directory.CreateTempSubdirectory("cnfpt-jwks-").FullName, "jwks.json");
        var network = new Switch(fixture.Api.Server.CreateHandler());
        using (var client = Client(network, new FileAttestationKeyCache(file)))
        {
            Assert.Equal(AttestationVerdict.Valid, (await client.Attestations.VerifyOfflineAsync(token)).Verdict);
            Assert.Equal(1, network.JwksRequests);

            network.Target = null; // the API is gone: every request now fails as a refused connection would
            var again = await client.Attestations.VerifyOfflineAsync(token);

            Assert.Equal(AttestationVerdict.Valid, again.Verdict);
            Assert.Equal(1, network.JwksRequests);
            Assert.Equal(0, network.Failed);
        }

        // A new process, no network at all: the keys come from the file.
        var offline = new Switch(null);
        using var fresh = Client(offline, new FileAttestationKeyCache(file));

        var result = await fresh.Attestations.VerifyOfflineAsync(token);

        Assert.Equal(AttestationVerdict.Valid, result.Verdict);
        Assert.Equal((0, 0), (offline.JwksRequests, offline.Failed));
        Assert.Contains("\"keys\"", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.DoesNotContain("\"d\"", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterAKeyRotation_AnUnknownKid_FetchesTheKeysExactlyOnceMore()
    {
        var keys = Directory.CreateTempSubdirectory("cnfpt-keys-").FullName;
        var first = AttestationKey.Generate();
        await File.WriteAllTextAsync(Path.Combine(keys, $"{first.KeyId}.active.pem"), first.ExportPrivatePem());
        await using var before = Api(keys);
        var oldToken = (await TestAttestations.IssueAsync(before.Services, fixture.ConnectionString, SdkFixture.Collectivite, SdkFixture.It)).Single().SignedToken!;
        var network = new Switch(before.Server.CreateHandler());
        using var client = Client(network);
        Assert.Equal((AttestationVerdict.Valid, first.KeyId), await VerdictAsync(client, oldToken));
        Assert.Equal(1, network.JwksRequests);

        // Rotation as docs/attestations.md says: the active key retires, a new one signs, the API restarts.
        File.Move(Path.Combine(keys, $"{first.KeyId}.active.pem"), Path.Combine(keys, $"{first.KeyId}.retired.pem"));
        var second = AttestationKey.Generate();
        await File.WriteAllTextAsync(Path.Combine(keys, $"{second.KeyId}.active.pem"), second.ExportPrivatePem());
        await using var after = Api(keys);
        network.Target = after.Server.CreateHandler();
        var newToken = (await TestAttestations.IssueAsync(after.Services, fixture.ConnectionString, SdkFixture.Collectivite, SdkFixture.It)).Single().SignedToken!;

        Assert.Equal((AttestationVerdict.Valid, second.KeyId), await VerdictAsync(client, newToken));
        Assert.Equal(2, network.JwksRequests);
        Assert.Equal((AttestationVerdict.Valid, first.KeyId), await VerdictAsync(client, oldToken));
        Assert.Equal((AttestationVerdict.Valid, second.KeyId), await VerdictAsync(client, newToken));
        Assert.Equal(2, network.JwksRequests);

        // A kid nobody publishes costs one fetch, not one per token.
        using var foreign = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = Sign(foreign, """{"alg":"ES256","kid":"forged-kid","typ":"JWT"}""", Decode(Split(newToken).Payload));
        Assert.Equal(AttestationVerdict.UnknownKey, (await client.Attestations.VerifyOfflineAsync(forged)).Verdict);
        Assert.Equal(AttestationVerdict.UnknownKey, (await client.Attestations.VerifyOfflineAsync(forged)).Verdict);
        Assert.Equal(3, network.JwksRequests);
        Directory.Delete(keys, recursive: true);
    }

    private Task<List<Db.Attestation>> IssueAsync() =>
        TestAttestations.IssueAsync(fixture.Api.Services, fixture.ConnectionString, SdkFixture.Collectivite, SdkFixture.It);

    private ApiFactory Api(string keyDirectory) => new(fixture.ConnectionString, new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "false",
        ["Attestations:KeyDirectory"] = keyDirectory,
    });

    private static async Task<(AttestationVerdict, string?)> VerdictAsync(CnfptClient client, string token)
    {
        var result = await client.Attestations.VerifyOfflineAsync(token);
        return (result.Verdict, result.KeyId);
    }

    private static CnfptClient Client(Switch network, IAttestationKeyCache? cache = null) => new(new CnfptClientOptions
    {
        BaseAddress = new Uri("http://localhost/"),
        MaxRetries = 0,
        AttestationKeyCache = cache,
        PrimaryHandler = () => network,
    });

    private static (string Header, string Payload, string Signature) Split(string token)
    {
        var parts = token.Split('.');
        return (parts[0], parts[1], parts[2]);
    }

    private static string Sign(ECDsa key, string header, string payload)
    {
        var input = $"{Encode(header)}.{Encode(payload)}";
        return $"{input}.{Encode(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }

    private static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string part) => Encoding.UTF8.GetString(Convert.FromBase64String(ToBase64(part)));

    private static string ToBase64(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        return base64 + new string('=', (4 - base64.Length % 4) % 4);
    }

    /// <summary>
    /// The network between the SDK and an API: it counts JWKS requests, can be pointed at another API (a restart),
    /// or cut (<see cref="Target"/> null: every request fails as a refused connection does).
    /// </summary>
    private sealed class Switch(HttpMessageHandler? target) : HttpMessageHandler
    {
        private int _jwks;
        private int _failed;

        public HttpMessageHandler? Target { get; set; } = target;

        public int JwksRequests => _jwks;

        public int Failed => _failed;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Target is null)
            {
                Interlocked.Increment(ref _failed);
                throw new HttpRequestException("Connection refused (test: the network is cut)", null, HttpStatusCode.ServiceUnavailable);
            }

            if (request.RequestUri!.AbsolutePath.EndsWith("/.well-known/jwks.json", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _jwks);
            }

            using var invoker = new HttpMessageInvoker(Target, disposeHandler: false);
            return await invoker.SendAsync(request, cancellationToken);
        }
    }
}
