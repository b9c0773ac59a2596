using System.Globalization;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Enrolments;

/// <summary>
/// Print batches (lots d'impression): per day, the ARs and attestations de suivi of collectivités that exchange on paper. The back office
/// downloads a batch's PDF (an address page per collectivité for a window envelope, then its documents),
/// prints and mails it, then marks it sent. See docs/documents.md.
/// </summary>
[RequiresScope(Scopes.PrintingManage)]
public sealed class PrintBatchesController(CnfptDbContext db, CallerAccessor caller, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Attestations.AttestationOptions> options) : ODataController
{
    /// <summary>Lists print batches, one per day that had paper documents.</summary>
    /// <remarks>Unsent batches: <c>$filter=sentAt eq null</c>; the latest first: <c>$orderby=day desc</c>.</remarks>
    [CnfptQuery]
    public IQueryable<PrintBatch> Get() => db.PrintBatches.AsNoTracking();

    /// <summary>Reads one print batch.</summary>
    [CnfptQuery]
    public SingleResult<PrintBatch> Get(int key) => SingleResult.Create(db.PrintBatches.AsNoTracking().Where(b => b.Id == key));

    /// <summary>Downloads the batch as one PDF to print: per collectivité, an address page followed by its accusés de réception and attestations.</summary>
    /// <remarks>A batch without documents gives a one-page PDF saying there is nothing to print.</remarks>
    [HttpGet]
    [ProducesResponseType(typeof(FileContentResult), StatusCodes.Status200OK, "application/pdf")]
    public async Task<IActionResult> Pdf([FromODataUri] int key, CancellationToken cancellationToken)
    {
        var batch = await db.PrintBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == key, cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No print batch {key}.");

        // printing.manage is a back-office scope: a batch gathers the documents of every collectivité.
        db.Tenant = TenantScope.All;
        var mailings = await AcknowledgementDocuments.LoadMailingsAsync(db, key, cancellationToken);
        mailings = await Attestations.AttestationDocuments.WithAttestationsAsync(db, key, mailings, Attestations.AttestationDocuments.BaseUrl(options.Value, Request), cancellationToken);
        var pdf = AcknowledgementPdf.RenderBatch(batch.Day, mailings);
        return File(pdf, "application/pdf", $"lot-impression-{batch.Day:yyyy-MM-dd}.pdf");
    }

    /// <summary>Marks the batch printed and mailed; documents of paper collectivités arriving later that day go into the next day's batch.</summary>
    /// <remarks>Once only: a second call is a 409 problem with code <c>already-sent</c>.</remarks>
    [HttpPost]
    [ProducesResponseType(typeof(PrintBatch), StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> MarkSent([FromODataUri] int key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var by = caller.Caller.ClientId;
        // Conditional update: of two concurrent calls, exactly one marks the batch.
        var marked = await db.PrintBatches
            .Where(b => b.Id == key && b.SentAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.SentAt, now).SetProperty(b => b.SentBy, by), cancellationToken);
        var batch = await db.PrintBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == key, cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No print batch {key}.");
        if (marked == 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.AlreadySent,
                string.Create(CultureInfo.InvariantCulture, $"Print batch {key} ({batch.Day:yyyy-MM-dd}) was already marked sent at {batch.SentAt:u} by {batch.SentBy}."));
        }

        return Ok(batch);
    }
}
