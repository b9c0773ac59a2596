using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Attestations;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using UglyToad.PdfPig;
using Xunit.Abstractions;

namespace Cnfpt.OpenApi.Api.Tests.Attestations;

/// <summary>
/// The attestation PDF read back with PdfPig, verified by upload, and rendered to PNG for a person to look at; the
/// attestation as a Verifiable Credential (Open Badges 3.0) verified like its token.
/// </summary>
[Collection(AttestationCollection.Name)]
public sealed class AttestationPdfTests(AttestationFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Pdf_ShowsNumberAgentCourseDaysAndVerificationUrl_AndCarriesItsToken_AndVerifiesByUpload()
    {
        var attestation = await IssuedAsync();
        using var vendor = await fixture.ClientAsync(AttestationFixture.Vendor);

        using var response = await vendor.GetAsync(new Uri($"/v1/Attestations({attestation.Id})/Pdf()", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{attestation.Number}.pdf", response.Content.Headers.ContentDisposition?.FileName);
        var pdf = await response.Content.ReadAsByteArrayAsync();

        using (var document = PdfDocument.Open(pdf))
        {
            Assert.Equal(1, document.NumberOfPages);
            var first = document.GetPage(1);
            Assert.Equal((595, 842), ((int)Math.Round(first.Width), (int)Math.Round(first.Height))); // A4
        }

        var text = Documents.AcknowledgementPdfTests.TextOf(pdf);
        await using var db = fixture.NewDbContext();
        var agent = await db.Agents.SingleAsync(a => a.Id == attestation.AgentId);
        var session = await db.Sessions.Include(s => s.Course).SingleAsync(s => s.Id == attestation.SessionId);
        var code = AttestationVerification.CodeOf(attestation.SignedToken!);
        Assert.Contains("Attestation de suivi de formation", text, StringComparison.Ordinal);
        Assert.Contains($"N° {attestation.Number}", text, StringComparison.Ordinal);
        Assert.Contains($"{agent.FirstName} {agent.LastName}", text, StringComparison.Ordinal);
        Assert.Contains(session.Course!.Title, text, StringComparison.Ordinal);
        Assert.Contains(session.Course.Code, text, StringComparison.Ordinal);
        Assert.Contains(FrenchFormat.Period(session.StartDate, session.EndDate), text, StringComparison.Ordinal);
        Assert.Contains("2,5 jours", text, StringComparison.Ordinal);
        Assert.Contains("5 demi-journées de présence sur 6", text, StringComparison.Ordinal);
        Assert.Contains("Formation d'intégration (décret n° 2008-512)", text, StringComparison.Ordinal);
        Assert.Contains($"https://api.cnfpt.test/verify/{attestation.Number}/{code}", text, StringComparison.Ordinal);

        // The token is in the file, and the verification page the QR code names answers for it, anonymously.
        using (var document = PdfDocument.Open(pdf))
        {
            Assert.Contains(attestation.SignedToken!, document.Information.DocumentInformationDictionary!.Data.Values.OfType<UglyToad.PdfPig.Tokens.StringToken>().Select(v => v.Data), StringComparer.Ordinal);
        }

        using var anonymous = fixture.Api.CreateClient();
        using var page = await anonymous.GetAsync(new Uri($"/verify/{attestation.Number}/{code}", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Attestation authentique", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(session.Course.Title), html, StringComparison.Ordinal);
        using var wrongCode = await anonymous.GetAsync(new Uri($"/verify/{attestation.Number}/AAAAAAAAAAAA", UriKind.Relative));
        await wrongCode.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");

        // Uploading the PDF: valid. A PDF whose page says something else than its (genuine) token: tampered.
        Assert.Equal("valid", (await UploadAsync(pdf)).GetProperty("verdict").GetString());
        var facts = AttestationFacts.FromPayload(Base64UrlEncoder.Decode(attestation.SignedToken!.Split('.')[1]))!;
        var forged = AttestationPdf.Render(new AttestationDocument(facts with { HalfDaysAttended = 6 }, attestation.SignedToken, attestation.KeyId!, "https://api.cnfpt.test/verify/x/y"));
        var verdict = await UploadAsync(forged);
        Assert.Equal("tampered", verdict.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, verdict.GetProperty("attestation").ValueKind);
        var renamed = AttestationPdf.Render(new AttestationDocument(facts with { AgentLastName = "Usurpateur" }, attestation.SignedToken, attestation.KeyId!, "https://api.cnfpt.test/verify/x/y"));
        Assert.Equal("tampered", (await UploadAsync(renamed)).GetProperty("verdict").GetString());
        Assert.Equal("malformed", (await UploadAsync("%PDF-1.4 not really"u8.ToArray())).GetProperty("verdict").GetString());
        Assert.Equal("malformed", (await UploadAsync(AcknowledgementPdf.Render(Documents.AcknowledgementPdfTests.Ar))).GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Pdf_RendersToAnA4Page_ForAPersonToLookAt()
    {
        var attestation = await IssuedAsync();
        using var vendor = await fixture.ClientAsync(AttestationFixture.Vendor);
        var pdf = await vendor.GetByteArrayAsync(new Uri($"/v1/Attestations({attestation.Id})/Pdf()", UriKind.Relative));
        var directory = Path.Combine(Path.GetTempPath(), "cnfpt-attestation-render");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "attestation.pdf");
        await File.WriteAllBytesAsync(file, pdf);

        // pdftoppm (poppler-utils) is what a reviewer uses to look at the page; without it the test says so and stops.
        using var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "80", "-singlefile", file, Path.Combine(directory, "attestation")]) { RedirectStandardError = true });
        Assert.NotNull(process);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        var png = new FileInfo(Path.Combine(directory, "attestation.png"));
        Assert.True(png.Exists && png.Length > 10_000, $"{png.FullName}: {(png.Exists ? png.Length : 0)} bytes");
        output.WriteLine($"Rendered {png.FullName}");
    }

    [Fact]
    public async Task Credential_IsAVcJwtOpenBadge_ThatVerifies_UntilTheAttestationIsRevoked()
    {
        var attestation = await IssuedAsync();
        using var vendor = await fixture.ClientAsync(AttestationFixture.Vendor);
        var url = new Uri($"/v2/Attestations({attestation.Id})/Credential()", UriKind.Relative);

        using var response = await vendor.GetAsync(url);
        var credential = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, credential);
        Assert.Equal("application/vc+jwt", response.Content.Headers.ContentType?.MediaType);
        var parts = credential.Split('.');
        Assert.Equal("vc+jwt", JsonDocument.Parse(Base64UrlEncoder.Decode(parts[0])).RootElement.GetProperty("typ").GetString());
        var vc = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1])).RootElement;
        Assert.Contains("OpenBadgeCredential", vc.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal($"urn:cnfpt:attestation:{attestation.Number}", vc.GetProperty("id").GetString());
        Assert.Equal(attestation.Number, vc.GetProperty("credentialSubject").GetProperty("attestation").GetProperty("number").GetString());

        using var anonymous = fixture.Api.CreateClient();
        var verdict = await AttendanceTests.PostAsync(anonymous, "/v1/Attestations/Verify", new { token = credential });
        Assert.Equal("valid", verdict.GetProperty("verdict").GetString());
        Assert.Equal(attestation.Number, verdict.GetProperty("attestation").GetProperty("number").GetString());

        using var other = await fixture.ClientAsync(AttestationFixture.OtherVendor);
        using var foreign = await other.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        // Revoked (as an attendance correction would): no new credential, and the one issued verifies as revoked.
        await using (var db = fixture.NewDbContext())
        {
            await db.Attestations.Where(a => a.Id == attestation.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AttestationStatus.Revoked).SetProperty(a => a.RevokedAt, DateTimeOffset.UtcNow).SetProperty(a => a.RevocationReason, "test"));
        }

        using var afterRevocation = await vendor.GetAsync(url);
        await afterRevocation.AssertProblemAsync(HttpStatusCode.Conflict, "attestation-revoked");
        verdict = await AttendanceTests.PostAsync(anonymous, "/v1/Attestations/Verify", new { token = credential });
        Assert.Equal("revoked", verdict.GetProperty("verdict").GetString());
    }

    private async Task<Attestation> IssuedAsync()
    {
        var (session, enrolments) = await fixture.EndedSessionAsync(1);
        using var backOffice = await fixture.ClientAsync(AttestationFixture.BackOffice);
        var lines = AttendanceTests.Days(session).SelectMany(d => new[] { HalfDay.Morning, HalfDay.Afternoon }.Select(h => AttendanceTests.Line(enrolments[0], d, h, !(d == session.EndDate && h == HalfDay.Afternoon)))).ToList();
        await AttendanceTests.PostAsync(backOffice, "/v1/AttendanceRecords/Record", new { sessionId = session.Id, records = lines });
        await AttendanceTests.PostAsync(backOffice, "/v1/AttendanceRecords/CloseSession", new { sessionId = session.Id });
        await using var db = fixture.NewDbContext();
        return await db.Attestations.SingleAsync(a => a.EnrolmentId == enrolments[0]);
    }

    private async Task<JsonElement> UploadAsync(byte[] pdf)
    {
        using var anonymous = fixture.Api.CreateClient();
        using var content = new ByteArrayContent(pdf);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var response = await anonymous.PostAsync(new Uri("/v1/Attestations/Verify", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
