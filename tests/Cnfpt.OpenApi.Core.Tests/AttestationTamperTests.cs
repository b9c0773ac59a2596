using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cnfpt.OpenApi.Core.Attestations;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace Cnfpt.OpenApi.Core.Tests;

/// <summary>
/// Every way we could think of to forge or alter an attestation token, each of which must be rejected with the
/// right verdict; the genuine token must stay valid. The database side (revoked attestations) is in the API tests.
/// </summary>
public sealed class AttestationTamperTests(ITestOutputHelper output)
{
    private const string Issuer = "https://api.cnfpt.test";

    internal static readonly AttestationFacts Facts = new(
        "AT-2026-000123", new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.Zero), 42, "Lefèvre", "Élodie", AgentCategory.B, "MAT-004512",
        30, "Communauté d'agglomération du Pays de Saint-Malo", "213705850", "SX2B5", "Prévention des risques : élaborer le document unique",
        777, new DateOnly(2026, 11, 18), new DateOnly(2026, 11, 20), "Maison de la formation", "Rennes", "Délégation Bretagne",
        6, 5, ObligationKind.Integration, null);

    private readonly AttestationKey _active = AttestationKey.Generate();
    private readonly AttestationKey _retired = AttestationKey.Generate(AttestationKeyStatus.Retired);
    private readonly AttestationKey _revoked = AttestationKey.Generate(AttestationKeyStatus.Revoked);

    private AttestationSigner Signer() => new(new AttestationKeyRing([_active, _retired, _revoked]), Issuer);

    [Fact]
    public async Task GenuineToken_IsValid_WithItsFactsAndKid()
    {
        var token = Signer().Sign(Facts);

        var check = await Signer().CheckAsync(token);

        Assert.Equal(VerificationVerdict.Valid, check.Verdict);
        Assert.Equal(_active.KeyId, check.KeyId);
        Assert.Equal(Facts, check.Facts);
        var jws = new JsonWebToken(token);
        Assert.Equal(("ES256", _active.KeyId), (jws.Alg, jws.Kid));
    }

    [Fact]
    public void Payload_IsCanonical_SortedMembersWithoutWhitespace_AndReadsBack()
    {
        var payload = Facts.CanonicalPayload(Issuer);

        Assert.StartsWith("{\"attestation\":{\"agent\":{\"category\":\"B\",\"employerReference\":\"MAT-004512\",", payload, StringComparison.Ordinal);
        Assert.Contains("\"daysAttended\":2.5,\"halfDaysAttended\":5,\"halfDaysScheduled\":6,", payload, StringComparison.Ordinal);
        Assert.EndsWith("\"iat\":1795190400,\"iss\":\"https://api.cnfpt.test\",\"jti\":\"AT-2026-000123\",\"sub\":\"agent:42\"}", payload, StringComparison.Ordinal);
        Assert.DoesNotContain(" \"", payload, StringComparison.Ordinal);
        Assert.Equal(Facts, AttestationFacts.FromPayload(payload));
        Assert.Equal(payload, JsonNode.Parse(payload)!.ToJsonString()); // nothing a JSON round trip would reorder
    }

    [Fact]
    public async Task EveryTamperedVariant_IsRejected_WithTheRightVerdict()
    {
        var signer = Signer();
        var genuine = signer.Sign(Facts);
        var other = signer.Sign(Facts with { Number = "AT-2026-000124", AgentId = 43 });
        var variants = new List<(string Name, string Token, VerificationVerdict Expected)>();
        var (header, payload, signature) = Split(genuine);

        // 1. Every field of the payload changed, one at a time, signature kept.
        foreach (var (path, altered) in EachLeafChanged(Decode(payload)))
        {
            variants.Add(($"payload field {path} changed", $"{header}.{Encode(altered)}.{signature}", VerificationVerdict.Tampered));
        }

        variants.Add(("payload re-serialised with whitespace", $"{header}.{Encode(JsonNode.Parse(Decode(payload))!.ToJsonString(new() { WriteIndented = true }))}.{signature}", VerificationVerdict.Tampered));

        // 2. The signature changed.
        var raw = Base64UrlEncoder.DecodeBytes(signature);
        foreach (var at in new[] { 0, raw.Length / 2, raw.Length - 1 })
        {
            var flipped = (byte[])raw.Clone();
            flipped[at] ^= 0x01;
            variants.Add(($"signature bit flipped at byte {at}", $"{header}.{payload}.{Base64UrlEncoder.Encode(flipped)}", VerificationVerdict.Tampered));
        }

        variants.Add(("signature truncated", $"{header}.{payload}.{signature[..^8]}", VerificationVerdict.Tampered));
        variants.Add(("signature removed", $"{header}.{payload}.", VerificationVerdict.Tampered));
        variants.Add(("signature of another attestation", $"{header}.{payload}.{Split(other).Signature}", VerificationVerdict.Tampered));
        variants.Add(("payload of another attestation", $"{header}.{Split(other).Payload}.{signature}", VerificationVerdict.Tampered));

        // 3. The header changed.
        variants.Add(("alg none, no signature", $"{Header("none", _active.KeyId)}.{payload}.", VerificationVerdict.Tampered));
        variants.Add(("alg none, signature kept", $"{Header("none", _active.KeyId)}.{payload}.{signature}", VerificationVerdict.Tampered));
        variants.Add(("alg HS256 keyed with the public key (key confusion)", HmacWithPublicKey(payload), VerificationVerdict.Tampered));
        variants.Add(("alg ES384 announced", $"{Header("ES384", _active.KeyId)}.{payload}.{signature}", VerificationVerdict.Tampered));
        variants.Add(("kid swapped for a retired key's", $"{Header("ES256", _retired.KeyId)}.{payload}.{signature}", VerificationVerdict.Tampered));
        variants.Add(("kid removed", $"{Encode("{\"alg\":\"ES256\",\"typ\":\"JWT\"}")}.{payload}.{signature}", VerificationVerdict.Malformed));
        variants.Add(("kid unknown", $"{Header("ES256", "not-a-cnfpt-key")}.{payload}.{signature}", VerificationVerdict.UnknownKey));

        // 4. Other keys.
        var foreign = AttestationKey.Generate();
        variants.Add(("signed by a foreign key under its own kid", SignWith(foreign.SecurityKey, Facts.CanonicalPayload(Issuer)), VerificationVerdict.UnknownKey));
        variants.Add(("re-signed by a foreign key under the CNFPT kid", SignWith(Relabelled(foreign, _active.KeyId), Facts.CanonicalPayload(Issuer)), VerificationVerdict.Tampered));
        variants.Add(("altered and re-signed by a foreign key under the CNFPT kid", SignWith(Relabelled(foreign, _active.KeyId), (Facts with { HalfDaysAttended = 6 }).CanonicalPayload(Issuer)), VerificationVerdict.Tampered));
        variants.Add(("forged under the revoked key's kid", SignWith(Relabelled(foreign, _revoked.KeyId), Facts.CanonicalPayload(Issuer)), VerificationVerdict.Tampered));
        variants.Add(("genuinely signed by a revoked key", SignWith(_revoked.SecurityKey, Facts.CanonicalPayload(Issuer)), VerificationVerdict.Revoked));
        variants.Add(("genuine signature, another issuer", SignWith(_active.SecurityKey, Facts.CanonicalPayload("https://evil.example")), VerificationVerdict.Tampered));
        variants.Add(("genuine signature, not an attestation", SignWith(_active.SecurityKey, "{\"iss\":\"" + Issuer + "\",\"hello\":1}"), VerificationVerdict.Malformed));

        // 5. Not a token.
        variants.Add(("empty", "", VerificationVerdict.Malformed));
        variants.Add(("two parts", $"{header}.{payload}", VerificationVerdict.Malformed));
        variants.Add(("not base64url", "@@@.###.$$$", VerificationVerdict.Malformed));

        var wrong = new List<string>();
        foreach (var (name, token, expected) in variants)
        {
            var check = await signer.CheckAsync(token);
            if (check.Verdict != expected)
            {
                wrong.Add($"{name}: expected {expected}, got {check.Verdict} ({check.Reason})");
            }
        }

        var tampered = variants.Count(v => v.Expected != VerificationVerdict.Valid);
        output.WriteLine($"{tampered} tampered or forged variants tried, {tampered - wrong.Count} rejected with the expected verdict");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.True(variants.Count >= 50, $"only {variants.Count} variants");
        Assert.Equal(VerificationVerdict.Valid, (await signer.CheckAsync(genuine)).Verdict);
    }

    [Fact]
    public async Task Credential_IsAnOpenBadgeVc2_SignedAsVcJwt_AndVerifiesWithTheSameFacts()
    {
        var signer = Signer();
        var credential = signer.SignCredential(Facts);

        var jws = new JsonWebToken(credential);
        Assert.Equal(("ES256", _active.KeyId, "vc+jwt", "vc"), (jws.Alg, jws.Kid, jws.Typ, jws.Cty));
        var vc = JsonNode.Parse(Decode(Split(credential).Payload))!;
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"], vc["@context"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], vc["type"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("urn:cnfpt:attestation:AT-2026-000123", vc["id"]!.GetValue<string>());
        Assert.Equal(Issuer, vc["issuer"]!["id"]!.GetValue<string>());
        Assert.Equal("2026-11-20T16:00:00Z", vc["validFrom"]!.GetValue<string>());
        var subject = vc["credentialSubject"]!;
        Assert.Equal("AchievementSubject", subject["type"]![0]!.GetValue<string>());
        Assert.Equal("Élodie Lefèvre", subject["identifier"]![0]!["identityHash"]!.GetValue<string>());
        Assert.Equal(Facts.CourseTitle, subject["achievement"]!["name"]!.GetValue<string>());
        Assert.Contains("2,5 jour(s)", subject["achievement"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);

        var check = await signer.CheckAsync(credential);
        Assert.Equal(VerificationVerdict.Valid, check.Verdict);
        Assert.Equal(Facts, check.Facts);

        // Altered anywhere (the Open Badges part or the CNFPT facts), or relabelled as a plain token: rejected.
        var (header, payload, signature) = Split(credential);
        var wrong = new List<string>();
        var tried = 0;
        foreach (var (path, altered) in EachLeafChanged(Decode(payload)))
        {
            tried++;
            var verdict = (await signer.CheckAsync($"{header}.{Encode(altered)}.{signature}")).Verdict;
            if (verdict != VerificationVerdict.Tampered)
            {
                wrong.Add($"{path}: {verdict}");
            }
        }

        var relabelled = Encode($"{{\"alg\":\"ES256\",\"kid\":\"{_active.KeyId}\",\"typ\":\"JWT\"}}");
        Assert.Equal(VerificationVerdict.Tampered, (await signer.CheckAsync($"{relabelled}.{payload}.{signature}")).Verdict);
        output.WriteLine($"{tried + 1} altered credentials tried");
        Assert.True(tried > 30, $"only {tried} leaves");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public async Task KeyRotation_KeepsTokensOfTheRetiredKeyValid_AndSignsWithTheNewOne()
    {
        var directory = Directory.CreateTempSubdirectory("cnfpt-keys-");
        try
        {
            AttestationKeyRing.EnsureGenerated(directory.FullName);
            var before = new AttestationSigner(new AttestationKeyRing(AttestationKeyRing.ReadDirectory(directory.FullName)), Issuer);
            var oldToken = before.Sign(Facts);

            // Rotation as docs/attestations.md describes it: the active file becomes retired, a new key becomes active.
            var oldFile = Assert.Single(directory.GetFiles("*.active.pem"));
            oldFile.MoveTo(oldFile.FullName.Replace(".active.pem", ".retired.pem", StringComparison.Ordinal));
            var fresh = AttestationKey.Generate();
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, $"{fresh.KeyId}.active.pem"), fresh.ExportPrivatePem());
            var after = new AttestationSigner(new AttestationKeyRing(AttestationKeyRing.ReadDirectory(directory.FullName)), Issuer);
            var newToken = after.Sign(Facts);

            Assert.Equal(VerificationVerdict.Valid, (await after.CheckAsync(oldToken)).Verdict);
            Assert.Equal(VerificationVerdict.Valid, (await after.CheckAsync(newToken)).Verdict);
            Assert.Equal(before.Keys.Active.KeyId, new JsonWebToken(oldToken).Kid);
            Assert.Equal(fresh.KeyId, new JsonWebToken(newToken).Kid);
            Assert.Equal(new[] { before.Keys.Active.KeyId, fresh.KeyId }.Order(), after.Keys.ToJwks().Keys.Select(k => k.Kid).Order());
            // The new token does not verify under the old ring alone: rotation really changed the key.
            Assert.Equal(VerificationVerdict.UnknownKey, (await before.CheckAsync(newToken)).Verdict);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Jwks_PublishesActiveAndRetiredPublicKeys_NeverAPrivatePart_NorRevokedKeys()
    {
        var jwks = new AttestationKeyRing([_active, _retired, _revoked]).ToJwks();

        Assert.Equal(new[] { _active.KeyId, _retired.KeyId }.Order(), jwks.Keys.Select(k => k.Kid).Order());
        Assert.All(jwks.Keys, k => Assert.True((k.Kty, k.Crv, k.Alg, k.Use, k.D) == ("EC", "P-256", "ES256", "sig", null)));
    }

    [Fact]
    public void KeyRing_RefusesNoActiveKey_TwoActiveKeys_AndAnActiveKeyWithoutPrivatePart()
    {
        Assert.Throws<InvalidOperationException>(() => new AttestationKeyRing([_retired]));
        Assert.Throws<InvalidOperationException>(() => new AttestationKeyRing([_active, AttestationKey.Generate()]));
        var publicOnly = AttestationKeyRing.FromPem("public", AttestationKeyStatus.Active, _active.SecurityKey.ECDsa.ExportSubjectPublicKeyInfoPem());
        Assert.Throws<InvalidOperationException>(() => new AttestationKeyRing([publicOnly]));
    }

    private static (string Header, string Payload, string Signature) Split(string token)
    {
        var parts = token.Split('.');
        return (parts[0], parts[1], parts[2]);
    }

    private static string Decode(string part) => Base64UrlEncoder.Decode(part);

    private static string Encode(string json) => Base64UrlEncoder.Encode(json);

    private static string Header(string alg, string kid) => Encode($"{{\"alg\":\"{alg}\",\"kid\":\"{kid}\",\"typ\":\"JWT\"}}");

    private static string SignWith(SecurityKey key, string payload) =>
        new JsonWebTokenHandler().CreateToken(payload, new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256));

    private static ECDsaSecurityKey Relabelled(AttestationKey key, string kid) => new(key.SecurityKey.ECDsa) { KeyId = kid };

    private string HmacWithPublicKey(string payload)
    {
        var header = Header("HS256", _active.KeyId);
        var secret = Encoding.UTF8.GetBytes(_active.SecurityKey.ECDsa.ExportSubjectPublicKeyInfoPem());
        var mac = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Base64UrlEncoder.Encode(mac)}";
    }

    /// <summary>The payload with one leaf value changed, for every leaf (strings get a letter, numbers +1, booleans flip, null a string), array items included.</summary>
    private static IEnumerable<(string Path, string Json)> EachLeafChanged(string json)
    {
        var paths = new List<string>();
        Collect(JsonNode.Parse(json)!, "", paths);
        foreach (var path in paths)
        {
            var root = JsonNode.Parse(json)!;
            var segments = path.Split('.');
            var parent = segments[..^1].Aggregate(root, (node, name) => Child(node, name)!);
            var current = Child(parent, segments[^1]);
            JsonNode changed = current switch
            {
                null => JsonValue.Create("AT-2025-000001"),
                JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(s + "X"),
                JsonValue v when v.TryGetValue<bool>(out var b) => JsonValue.Create(!b),
                JsonValue v => JsonValue.Create(v.GetValue<double>() + 1),
                _ => throw new InvalidOperationException(path),
            };
            if (parent is JsonArray array)
            {
                array[int.Parse(segments[^1], System.Globalization.CultureInfo.InvariantCulture)] = changed;
            }
            else
            {
                parent[segments[^1]] = changed;
            }

            yield return (path, root.ToJsonString());
        }

        static JsonNode? Child(JsonNode? node, string name) =>
            node is JsonArray array ? array[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)] : node![name];
    }

    private static void Collect(JsonNode node, string prefix, List<string> paths)
    {
        IEnumerable<(string, JsonNode?)> children = node is JsonArray array
            ? array.Select((child, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), child))
            : node.AsObject().Select(p => (p.Key, p.Value));
        foreach (var (name, child) in children)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (child is JsonObject or JsonArray)
            {
                Collect(child, path, paths);
            }
            else
            {
                paths.Add(path);
            }
        }
    }
}
