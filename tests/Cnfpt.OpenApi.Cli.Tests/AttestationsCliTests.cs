using System.Text.Json;
using System.Text.Json.Nodes;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Cli.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Attestations;
using Cnfpt.OpenApi.Core.Documents;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Cli.Tests;

/// <summary><c>cnfpt attestations download</c> and <c>verify</c> as processes against the API on PostgreSQL, checked in SQL and in the files.</summary>
public sealed class AttestationsCliTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public async Task Download_WritesEveryAttestationOfTheYearOnce_AndASecondRunDownloadsNothing()
    {
        var issued = await TestAttestations.IssueAsync(fixture.Api.Services, fixture.ConnectionString, CliFixture.Collectivite, CliFixture.It, agents: 3);
        var year = issued[0].Number[3..7];
        var directory = Path.Combine(fixture.Work, $"attestations-{Guid.NewGuid():N}");
        await using var db = fixture.NewDbContext();
        var expected = await db.Attestations.Where(a => a.CollectiviteId == CliFixture.Collectivite && a.Number.StartsWith($"AT-{year}-") && a.Status == Core.Domain.AttestationStatus.Valid)
            .OrderBy(a => a.Number).Select(a => a.Number).ToListAsync();
        Assert.Subset(expected.ToHashSet(), issued.Select(a => a.Number).ToHashSet());

        var first = await fixture.CnfptAsync("attestations", "download", "--year", year, "--out", directory, "--output", "json");
        var second = await fixture.CnfptAsync("attestations", "download", "--year", year, "--out", directory, "--output", "json");

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var summary = JsonDocument.Parse(first.Output).RootElement;
        Assert.Equal((expected.Count, expected.Count, 0), (summary.GetProperty("total").GetInt32(), summary.GetProperty("downloaded").GetInt32(), summary.GetProperty("skipped").GetInt32()));
        Assert.Equal(expected.Select(n => n + ".pdf"), Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in Directory.GetFiles(directory))
        {
            Assert.Equal("%PDF-"u8.ToArray(), (await File.ReadAllBytesAsync(file))[..5]);
        }

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        var again = JsonDocument.Parse(second.Output).RootElement;
        Assert.Equal((expected.Count, 0, expected.Count), (again.GetProperty("total").GetInt32(), again.GetProperty("downloaded").GetInt32(), again.GetProperty("skipped").GetInt32()));
    }

    [Fact]
    public async Task Verify_AGenuinePdf_IsValid_ATamperedOne_ExitsWithTheTamperedCode()
    {
        var attestation = (await TestAttestations.IssueAsync(fixture.Api.Services, fixture.ConnectionString, CliFixture.Collectivite, CliFixture.It)).Single();
        var directory = Path.Combine(fixture.Work, $"verify-{Guid.NewGuid():N}");
        var download = await fixture.CnfptAsync("attestations", "download", "--year", attestation.Number[3..7], "--out", directory);
        Assert.True(download.ExitCode == 0, download.Output + download.Error);
        var genuine = Path.Combine(directory, attestation.Number + ".pdf");

        // The same document, its token's payload altered (half-days 4 → 40) and the signature kept.
        var parts = attestation.SignedToken!.Split('.');
        var payload = JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]))!;
        payload["attestation"]!["halfDaysAttended"] = 40;
        var altered = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
        var facts = AttestationFacts.FromPayload(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]))!;
        var tampered = Path.Combine(directory, "tampered.pdf");
        await File.WriteAllBytesAsync(tampered, AttestationPdf.Render(new AttestationDocument(facts with { HalfDaysAttended = 40 }, altered, attestation.KeyId!, "https://api.cnfpt.test/verify/x/y")));

        var valid = await fixture.CnfptAsync("attestations", "verify", genuine);
        var validJson = await fixture.CnfptAsync("attestations", "verify", attestation.SignedToken, "--output", "json");
        var forged = await fixture.CnfptAsync("attestations", "verify", tampered);
        var forgedOnline = await fixture.CnfptAsync("attestations", "verify", tampered, "--online");
        var notAnAttestation = await fixture.CnfptAsync("attestations", "verify", "not-a-token");

        Assert.True(valid.ExitCode == 0, valid.Output + valid.Error);
        Assert.StartsWith("valid: ", valid.Output, StringComparison.Ordinal);
        Assert.Contains(attestation.Number, valid.Output, StringComparison.Ordinal);
        Assert.True(validJson.ExitCode == 0, validJson.Output + validJson.Error);
        var verdict = JsonDocument.Parse(validJson.Output).RootElement;
        Assert.Equal(("valid", false, attestation.HalfDaysAttended), (verdict.GetProperty("verdict").GetString(), verdict.GetProperty("online").GetBoolean(),
            verdict.GetProperty("attestation").GetProperty("halfDaysAttended").GetInt32()));
        Assert.True(forged.ExitCode == 6, forged.Output + forged.Error);
        Assert.StartsWith("tampered: ", forged.Output, StringComparison.Ordinal);
        Assert.True(forgedOnline.ExitCode == 6, forgedOnline.Output + forgedOnline.Error);
        Assert.True(notAnAttestation.ExitCode == 9, notAnAttestation.Output + notAnAttestation.Error);
        Assert.True(File.Exists(Path.Combine(fixture.Work, "config", $"jwks-{fixture.Api.Url.Authority.Replace(':', '_')}.json")), "the keys are cached next to the profiles");
    }
}
