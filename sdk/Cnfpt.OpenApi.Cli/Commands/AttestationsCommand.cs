using System.CommandLine;
using System.Globalization;
using Cnfpt.OpenApi.Sdk;
using Spectre.Console;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace Cnfpt.OpenApi.Cli.Commands;

/// <summary>
/// <c>cnfpt attestations download --year 2026 --out dir/</c>: every attestation of the caller's collectivités for
/// that year as {number}.pdf, skipping the files already there (a second run downloads nothing, a killed run resumes).
/// <c>cnfpt attestations verify FILE.pdf|TOKEN</c>: offline with the CNFPT keys cached next to the profile, or
/// <c>--online</c> (revocation, and for a PDF that the page shows what its token signs).
/// </summary>
internal static class AttestationsCommand
{
    /// <summary>The document information entry of an attestation PDF that holds its token (docs/attestations.md).</summary>
    private const string TokenEntry = "CnfptAttestationJws";

    public static Command Create() => new("attestations", "Attestations de suivi: download the PDFs, verify one") { Download(), Verify() };

    private static Command Download()
    {
        var year = new Option<int>("--year") { Description = "The year of the attestations (their number is AT-{year}-…)", Required = true };
        var outDirectory = new Option<DirectoryInfo>("--out") { Description = "The directory to write {number}.pdf into (created if needed)", Required = true };
        var revoked = new Option<bool>("--include-revoked") { Description = "Also download revoked attestations (replaced or withdrawn)" };
        var download = new Command("download", "Download the attestations of a year as PDF files, skipping those already there") { year, outDirectory, revoked };
        GlobalOptions.SetAction(download, async (parse, output, profile, cancellationToken) =>
        {
            var directory = parse.GetValue(outDirectory)!;
            directory.Create();
            var query = new ODataQuery<Attestation>()
                .Where($"startswith(number,'AT-{parse.GetValue(year).ToString(CultureInfo.InvariantCulture)}-')")
                .Select(a => a.Id, a => a.Number, a => a.Status)
                .OrderBy(a => a.Number);
            if (!parse.GetValue(revoked))
            {
                query.Where(a => a.Status, AttestationStatus.Valid);
            }

            using var client = profile().CreateClient();
            var attestations = await client.Attestations.ListAllAsync(query, cancellationToken).ToListAsync(cancellationToken);
            var files = await output.WithProgressAsync("Downloading", attestations.Count, async progress =>
            {
                var done = new List<(string Number, string File, string Outcome)>();
                foreach (var attestation in attestations)
                {
                    var path = Path.Combine(directory.FullName, $"{attestation.Number}.pdf");
                    if (File.Exists(path))
                    {
                        done.Add((attestation.Number!, path, "skipped"));
                    }
                    else
                    {
                        // Written aside, then renamed: a run killed mid-file leaves no truncated PDF to be skipped next time.
                        var partial = path + ".part";
                        await using (var pdf = await client.Attestations.DownloadPdfAsync(attestation.Id, cancellationToken))
                        await using (var file = File.Create(partial))
                        {
                            await pdf.CopyToAsync(file, cancellationToken);
                        }

                        File.Move(partial, path, overwrite: true);
                        done.Add((attestation.Number!, path, "downloaded"));
                    }

                    progress.Report(done.Count);
                }

                return done;
            });

            var downloaded = files.Count(f => f.Outcome == "downloaded");
            if (output.Json)
            {
                output.Write(new
                {
                    directory = directory.FullName, total = files.Count, downloaded, skipped = files.Count - downloaded,
                    files = files.Select(f => new { number = f.Number, file = f.File, outcome = f.Outcome }),
                });
            }
            else
            {
                output.Line($"{files.Count} attestation(s): {downloaded} downloaded, {files.Count - downloaded} already there, in {Markup.Escape(directory.FullName)}");
            }

            return ExitCodes.Ok;
        });
        return download;
    }

    private static Command Verify()
    {
        var input = new Argument<string>("pdf-or-token") { Description = "An attestation PDF, a file holding a token, or the token itself" };
        var online = new Option<bool>("--online") { Description = "Ask the CNFPT: also knows revocations, and checks that a PDF's page shows what its token signs" };
        var verify = new Command("verify", "Verify an attestation: offline with the cached CNFPT keys, or --online") { input, online };
        GlobalOptions.SetAction(verify, async (parse, output, profile, cancellationToken) =>
        {
            var (token, pdf) = await ReadAsync(parse.GetValue(input)!, cancellationToken);
            var settings = profile();
            using var client = settings.CreateClient(anonymous: true, new FileAttestationKeyCache(KeyCachePath(settings.Url)));
            if (parse.GetValue(online))
            {
                return Report(output, pdf is not null
                    ? await client.Attestations.VerifyPdfOnlineAsync(pdf, cancellationToken)
                    : await client.Attestations.VerifyOnlineAsync(token ?? "", cancellationToken));
            }

            if (token is null)
            {
                // What the API answers for such a file; said here without asking it.
                output.Write(new { verdict = "malformed", reason = $"The PDF holds no attestation token (document information entry {TokenEntry}).", online = false });
                output.Line($"malformed: the PDF holds no attestation token (document information entry {TokenEntry}).");
                return ExitCodes.AttestationMalformed;
            }

            return Report(output, await client.Attestations.VerifyOfflineAsync(token, cancellationToken));
        });
        return verify;
    }

    /// <summary>The token, and the PDF's bytes when the input is a PDF (its token read from the document information).</summary>
    private static async Task<(string? Token, byte[]? Pdf)> ReadAsync(string input, CancellationToken cancellationToken)
    {
        if (!File.Exists(input))
        {
            return (input.Trim(), null);
        }

        var bytes = await File.ReadAllBytesAsync(input, cancellationToken);
        if (bytes.Length < 5 || !bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            return (System.Text.Encoding.UTF8.GetString(bytes).Trim(), null);
        }

        try
        {
            using var document = PdfDocument.Open(bytes);
            var token = document.Information.DocumentInformationDictionary?.TryGet(NameToken.Create(TokenEntry), out var value) == true && value is StringToken text
                ? text.Data
                : null;
            return (token, bytes);
        }
#pragma warning disable CA1031 // any unreadable PDF is a "malformed" verdict, not a crash
        catch (Exception)
#pragma warning restore CA1031
        {
            return (null, bytes);
        }
    }

    private static int Report(Output output, AttestationVerificationResult result)
    {
        var facts = result.Attestation;
        if (output.Json)
        {
            output.Write(new
            {
                verdict = char.ToLowerInvariant(result.Verdict.ToString()[0]) + result.Verdict.ToString()[1..],
                result.Reason, result.KeyId, result.Online, result.RevokedAt, result.ReplacedBy,
                attestation = facts,
            });
        }
        else
        {
            output.Line($"{Markup.Escape(result.Verdict.ToString().ToLowerInvariant())}: {Markup.Escape(result.Reason)}");
            if (facts is not null)
            {
                output.Line(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{facts.Number} — {facts.AgentFirstName} {facts.AgentLastName} ({facts.CollectiviteName}) — {facts.CourseTitle} — {facts.DaysAttended} day(s), {facts.StartDate:yyyy-MM-dd} to {facts.EndDate:yyyy-MM-dd}")));
            }
        }

        return result.Verdict switch
        {
            AttestationVerdict.Valid => ExitCodes.Ok,
            AttestationVerdict.Tampered => ExitCodes.AttestationTampered,
            AttestationVerdict.Revoked => ExitCodes.AttestationRevoked,
            AttestationVerdict.UnknownKey => ExitCodes.AttestationUnknownKey,
            _ => ExitCodes.AttestationMalformed,
        };
    }

    /// <summary>The CNFPT keys, cached per API next to the profiles: public keys only, reused offline.</summary>
    private static string KeyCachePath(string url)
    {
        var host = new Uri(url).Authority.Replace(':', '_');
        return Path.Combine(Profile.Directory, $"jwks-{host}.json");
    }
}
