using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Api.OpenApi;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Needs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Needs;

/// <summary>
/// Périmètres (groups of collectivités that pool their training plans) and their pooled plan. A caller sees the
/// périmètres of the collectivités it acts for (the back office: all); in the plan, every member's demand shows as
/// counts, and agent names only for the collectivités the caller acts for. docs/needs.md.
/// </summary>
[RequiresScope(Scopes.EnrolmentsRead)]
public sealed class PerimetresController(CnfptDbContext db, CallerAccessor caller, TimeProvider clock) : ODataController
{
    /// <summary>Lists the périmètres of the collectivités the caller acts for.</summary>
    [CnfptQuery]
    public IQueryable<Perimetre> Get() => Visible();

    /// <summary>Reads one périmètre; 404 when the caller acts for none of its members.</summary>
    [CnfptQuery]
    public SingleResult<Perimetre> Get(int key) => SingleResult.Create(Visible().Where(p => p.Id == key));

    /// <summary>The pooled plan for a year: per course, the demand against the threshold, the collectivités behind it, the proposal and the cost of paid courses.</summary>
    [HttpGet]
    [ProducesResponseType(typeof(ODataPage<PlanLine>), StatusCodes.Status200OK, "application/json")]
    public async Task<IActionResult> Plan([FromODataUri] int key, [FromODataUri] int year, CancellationToken cancellationToken)
    {
        await FindAsync(key, year, cancellationToken);
        return Ok(await PooledPlan.BuildAsync(db, key, year, cancellationToken));
    }

    /// <summary>The pooled plan as CSV (UTF-8, one row per course and collectivité).</summary>
    [HttpGet]
    [ProducesResponseType(typeof(FileContentResult), StatusCodes.Status200OK, "text/csv")]
    public async Task<IActionResult> PlanCsv([FromODataUri] int key, [FromODataUri] int year, CancellationToken cancellationToken)
    {
        var perimetre = await FindAsync(key, year, cancellationToken);
        var lines = await PooledPlan.BuildAsync(db, key, year, cancellationToken);
        return File(PlanExport.ToCsv(year, lines), "text/csv; charset=utf-8", $"plan-{perimetre.Id}-{year}.csv");
    }

    /// <summary>The pooled plan as an A4 PDF.</summary>
    [HttpGet]
    [ProducesResponseType(typeof(FileContentResult), StatusCodes.Status200OK, "application/pdf")]
    public async Task<IActionResult> PlanPdf([FromODataUri] int key, [FromODataUri] int year, CancellationToken cancellationToken)
    {
        var perimetre = await FindAsync(key, year, cancellationToken);
        var lines = await PooledPlan.BuildAsync(db, key, year, cancellationToken);
        return File(PlanExport.ToPdf(perimetre.Name, year, clock.GetUtcNow(), lines), "application/pdf", $"plan-{perimetre.Id}-{year}.pdf");
    }

    /// <summary>Members are tenant-filtered collectivités: a périmètre is visible when the caller acts for one of them.</summary>
    private IQueryable<Perimetre> Visible() =>
        caller.Caller.Tenant.Unrestricted ? db.Perimetres.AsNoTracking() : db.Perimetres.AsNoTracking().Where(p => p.Members.Any());

    private async Task<Perimetre> FindAsync(int key, int year, CancellationToken cancellationToken)
    {
        if (year is < 2000 or > 2100)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "year is a four-digit year, e.g. 2027.", "year");
        }

        return await Visible().FirstOrDefaultAsync(p => p.Id == key, cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No périmètre {key} among those of the collectivités you act for.");
    }
}
