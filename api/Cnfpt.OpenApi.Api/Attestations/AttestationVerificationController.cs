using System.Net;
using System.Text;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Core.Attestations;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Attestations;

/// <summary>A token to verify.</summary>
public sealed record VerifyTokenRequest(string? Token);

/// <summary>The facts an attestation attests, as signed.</summary>
public sealed record VerifiedAttestation(
    string Number, DateTimeOffset IssuedAt, int AgentId, string AgentLastName, string AgentFirstName, string AgentCategory,
    string EmployerReference, int CollectiviteId, string CollectiviteName, string CollectiviteSiren, string CourseCode, string CourseTitle,
    int SessionId, DateOnly StartDate, DateOnly EndDate, string Venue, string Commune, string Delegation,
    int HalfDaysScheduled, int HalfDaysAttended, decimal DaysAttended, string ObligationKind, string? Replaces)
{
    public static VerifiedAttestation Of(AttestationFacts f) => new(
        f.Number, f.IssuedAt, f.AgentId, f.AgentLastName, f.AgentFirstName, f.AgentCategory.ToString(), f.EmployerReference,
        f.CollectiviteId, f.CollectiviteName, f.CollectiviteSiren, f.CourseCode, f.CourseTitle, f.SessionId, f.StartDate, f.EndDate,
        f.Venue, f.CommuneName, f.DelegationName, f.HalfDaysScheduled, f.HalfDaysAttended, f.DaysAttended, f.ObligationKind.ToString(), f.Replaces);
}

/// <summary>
/// The verdict: <c>valid</c>, <c>tampered</c>, <c>revoked</c>, <c>unknownKey</c> or <c>malformed</c>; the attested
/// facts when valid (and when revoked, to say what was withdrawn).
/// </summary>
public sealed record VerificationAnswer(string Verdict, string Reason, string? KeyId, VerifiedAttestation? Attestation, DateTimeOffset? RevokedAt, string? ReplacedBy)
{
    public static VerificationAnswer Of(VerificationResult r) => new(
        VerdictName(r.Verdict), r.Reason, r.KeyId, r.Facts is null ? null : VerifiedAttestation.Of(r.Facts), r.RevokedAt, r.ReplacedBy);

    public static string VerdictName(VerificationVerdict verdict) => verdict switch
    {
        VerificationVerdict.Valid => "valid",
        VerificationVerdict.Tampered => "tampered",
        VerificationVerdict.Revoked => "revoked",
        VerificationVerdict.UnknownKey => "unknownKey",
        _ => "malformed",
    };
}

/// <summary>
/// Anyone may verify an attestation: an HR suite with its token, a recruiter with the PDF an agent sent, a person
/// who scanned the QR code. Anonymous, rate-limited as anonymous writes (POST) or reads (GET) per IP address.
/// </summary>
[ApiController]
[AllowAnonymous]
[Produces("application/json")]
public sealed class AttestationVerificationController(AttestationVerification verification, CnfptDbContext db) : ControllerBase
{
    /// <summary>A PDF attestation weighs a few kilobytes; anything much larger is not one.</summary>
    private const int MaxPdfBytes = 2 * 1024 * 1024;

    /// <summary>Verifies an attestation: a JSON body <c>{"token": "…"}</c>, or the PDF itself (<c>Content-Type: application/pdf</c>).</summary>
    /// <remarks>
    /// Always 200 with a verdict when the input could be read: <c>valid</c> (with the attested facts),
    /// <c>tampered</c>, <c>revoked</c>, <c>unknownKey</c> or <c>malformed</c>. For a PDF, the token embedded in the file
    /// is verified and the page must show the facts it signs. Another Content-Type is a 415 problem (code
    /// unsupported-media-type). docs/attestations.md explains how to verify offline.
    /// </remarks>
    [HttpPost("v1/Attestations/Verify")]
    [HttpPost("v2/Attestations/Verify")]
    [Consumes("application/json", "application/pdf")]
    [ProducesResponseType<VerificationAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<VerificationAnswer> Verify(CancellationToken cancellationToken)
    {
        var mediaType = Request.GetTypedHeaders().ContentType?.MediaType.Value;
        if (string.Equals(mediaType, "application/pdf", StringComparison.OrdinalIgnoreCase))
        {
            return VerificationAnswer.Of(await verification.VerifyPdfAsync(await ReadPdfAsync(cancellationToken), cancellationToken));
        }

        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType,
                "Send the token as JSON ({\"token\": \"…\"}, Content-Type: application/json) or the attestation PDF (Content-Type: application/pdf).", "Content-Type");
        }

        VerifyTokenRequest? body;
        try
        {
            body = await Request.ReadFromJsonAsync<VerifyTokenRequest>(cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        if (string.IsNullOrWhiteSpace(body?.Token))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "A JSON body {\"token\": \"<compact JWS>\"} is required.", "token");
        }

        return VerificationAnswer.Of(await verification.VerifyTokenAsync(body.Token, cancellationToken));
    }

    /// <summary>Verifies a token given in the query string (<c>?token=…</c>): the same verdicts as the POST.</summary>
    [HttpGet("v1/Attestations/Verify")]
    [HttpGet("v2/Attestations/Verify")]
    [ProducesResponseType<VerificationAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<VerificationAnswer> VerifyByQuery([FromQuery] string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "The query parameter token (a compact JWS) is required.", "token");
        }

        return VerificationAnswer.Of(await verification.VerifyTokenAsync(token, cancellationToken));
    }

    /// <summary>
    /// The verification page the QR code of an attestation points to: a page in French saying whether the
    /// attestation is authentic and what it attests (JSON with <c>Accept: application/json</c>).
    /// </summary>
    /// <remarks>
    /// The code is the start of the attestation's signature, printed with its number: a number alone shows nothing
    /// (an unknown number or a wrong code is a 404 problem, code not-found).
    /// </remarks>
    [HttpGet("verify/{number}/{code}")]
    [Produces("text/html", "application/json")]
    [ProducesResponseType<VerificationAnswer>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Page(string number, string code, CancellationToken cancellationToken)
    {
        var token = await db.Attestations.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Number == number).Select(a => a.SignedToken).FirstOrDefaultAsync(cancellationToken);
        if (token is null || code.Length != AttestationVerification.CodeLength || !string.Equals(AttestationVerification.CodeOf(token), code, StringComparison.Ordinal))
        {
            throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound,
                $"No attestation {number} with this verification code: check the address printed on the attestation.");
        }

        var answer = VerificationAnswer.Of(await verification.VerifyTokenAsync(token, cancellationToken));
        if (Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return Ok(answer);
        }

        return Content(Html(answer), "text/html; charset=utf-8", Encoding.UTF8);
    }

    private async Task<byte[]> ReadPdfAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxPdfBytes)
            {
                throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, "An attestation PDF is at most 2 MiB.", "body");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "The body is empty: send the attestation PDF.", "body");
        }

        return buffer.ToArray();
    }

    /// <summary>A small self-contained page (no script, no external resource): what a person scanning the QR code reads.</summary>
    private static string Html(VerificationAnswer answer)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var (title, colour) = answer.Verdict switch
        {
            "valid" => ("Attestation authentique", "#1b6e3a"),
            "revoked" => ("Attestation annulée", "#b01e1e"),
            _ => ("Attestation non valide", "#b01e1e"),
        };
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>").Append(E(title)).Append(" — CNFPT</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}")
            .Append("h1{color:").Append(colour).Append("}dt{color:#5f6368;font-size:.9em}dd{margin:0 0 .6em 0}</style></head><body>")
            .Append("<p><strong>CNFPT</strong> — Centre national de la fonction publique territoriale</p>")
            .Append("<h1>").Append(E(title)).Append("</h1><p>").Append(E(answer.Verdict switch
            {
                "valid" => "La signature électronique est valide ; l'attestation figure dans les registres du CNFPT et n'a pas été annulée.",
                "revoked" => "Cette attestation a été annulée" + (answer.ReplacedBy is null ? "." : $" et remplacée par l'attestation n° {answer.ReplacedBy}."),
                _ => "Cette attestation n'a pas pu être vérifiée : elle a été modifiée ou n'a pas été délivrée par le CNFPT.",
            })).Append("</p>");
        if (answer.Attestation is { } a)
        {
            html.Append("<dl>")
                .Append("<dt>Numéro</dt><dd>").Append(E(a.Number)).Append("</dd>")
                .Append("<dt>Agent</dt><dd>").Append(E($"{a.AgentFirstName} {a.AgentLastName}")).Append(" (catégorie ").Append(E(a.AgentCategory)).Append(")</dd>")
                .Append("<dt>Collectivité</dt><dd>").Append(E(a.CollectiviteName)).Append("</dd>")
                .Append("<dt>Formation</dt><dd>").Append(E($"{a.CourseTitle} ({a.CourseCode})")).Append("</dd>")
                .Append("<dt>Session</dt><dd>").Append(E(FrenchFormat.Period(a.StartDate, a.EndDate))).Append(", ").Append(E(a.Venue)).Append(", ").Append(E(a.Commune)).Append("</dd>")
                .Append("<dt>Présence</dt><dd>").Append(E(AttestationPdf.DaysText(Facts(a)))).Append(" (").Append(a.HalfDaysAttended).Append(" demi-journées sur ").Append(a.HalfDaysScheduled).Append(")</dd>")
                .Append("<dt>Obligation statutaire</dt><dd>").Append(E(AttestationPdf.ObligationText(Enum.Parse<ObligationKind>(a.ObligationKind)))).Append("</dd>");
            if (answer.ReplacedBy is not null)
            {
                html.Append("<dt>Remplacée par</dt><dd>").Append(E(answer.ReplacedBy)).Append("</dd>");
            }

            html.Append("</dl>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static AttestationFacts Facts(VerifiedAttestation a) => new(
        a.Number, a.IssuedAt, a.AgentId, a.AgentLastName, a.AgentFirstName, Enum.Parse<AgentCategory>(a.AgentCategory), a.EmployerReference,
        a.CollectiviteId, a.CollectiviteName, a.CollectiviteSiren, a.CourseCode, a.CourseTitle, a.SessionId, a.StartDate, a.EndDate, a.Venue,
        a.Commune, a.Delegation, a.HalfDaysScheduled, a.HalfDaysAttended, Enum.Parse<ObligationKind>(a.ObligationKind), a.Replaces);
}
