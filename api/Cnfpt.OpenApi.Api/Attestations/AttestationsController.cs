using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Core.Attestations;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cnfpt.OpenApi.Api.Attestations;

/// <summary>
/// Attestations de suivi of the collectivités the caller acts for: one per attended enrolment, issued when the
/// session closes, replaced (the old one revoked) when attendance is corrected. Each carries its signed token
/// (<c>signedToken</c>, a compact JWS); its PDF is <c>Attestations({id})/Pdf()</c>. docs/attestations.md.
/// </summary>
[RequiresScope(Scopes.AttestationsRead)]
public sealed class AttestationsController(CnfptDbContext db, IOptions<AttestationOptions> options, AttestationSigner signer) : ODataController
{
    /// <summary>Lists attestations (valid and revoked: <c>$filter=status eq 'Valid'</c> for the current ones).</summary>
    [CnfptQuery]
    public IQueryable<Attestation> Get() => db.Attestations.AsNoTracking();

    /// <summary>Reads one attestation.</summary>
    [CnfptQuery]
    public SingleResult<Attestation> Get(int key) => SingleResult.Create(db.Attestations.AsNoTracking().Where(a => a.Id == key));

    /// <summary>The attestation as an A4 PDF in French, with its QR code, verification URL and embedded signed token.</summary>
    [HttpGet]
    [ProducesResponseType(typeof(FileContentResult), StatusCodes.Status200OK, "application/pdf")]
    public async Task<IActionResult> Pdf([FromODataUri] int key, CancellationToken cancellationToken)
    {
        var attestation = await db.Attestations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == key, cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No attestation {key} among the collectivités you act for.");
        var document = AttestationDocuments.Of(attestation, AttestationDocuments.BaseUrl(options.Value, Request));
        return File(AttestationPdf.Render(document), "application/pdf", $"{attestation.Number}.pdf");
    }

    /// <summary>
    /// The attestation as a W3C Verifiable Credential 2.0 in the Open Badges 3.0 shape (an <c>OpenBadgeCredential</c>),
    /// secured as a JWT (<c>application/vc+jwt</c>, ES256, the keys of <c>/.well-known/jwks.json</c>). Signed on each
    /// call with the active key: two calls give two signatures over the same credential, both valid.
    /// </summary>
    /// <response code="409">The attestation was revoked (<c>attestation-revoked</c>): ask for the one that replaces it.</response>
    [HttpGet]
    [ProducesResponseType(typeof(FileContentResult), StatusCodes.Status200OK, AttestationCredential.MediaType)] // bytes, not a JSON string: a client reads the JWT as text
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> Credential([FromODataUri] int key, CancellationToken cancellationToken)
    {
        var attestation = await db.Attestations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == key, cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No attestation {key} among the collectivités you act for.");
        if (attestation.Status == AttestationStatus.Revoked)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.AttestationRevoked,
                $"Attestation {attestation.Number} was revoked: a credential is only issued for a valid attestation (see its replacedById).");
        }

        return Content(signer.SignCredential(AttestationDocuments.FactsOf(attestation)), AttestationCredential.MediaType);
    }
}
