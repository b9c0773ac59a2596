using System.Text;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.Versioning;
using Cnfpt.OpenApi.Core.Bilan;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Routing.Attributes;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.Extensions.Options;
using Cnfpt.OpenApi.Api.Statistics;

namespace Cnfpt.OpenApi.Api.Bilan;

/// <summary>
/// The bilan formation of a collectivité the caller acts for (tenant-scoped: any other is a 404), as JSON,
/// CSV (<c>Accept: text/csv</c>) or an A4 PDF report (<c>Accept: application/pdf</c>). docs/bilan.md.
/// Attribute-routed (the functions are bound to Collectivites, whose convention controller is another one), once
/// per version: the functions are in the shared EDM.
/// </summary>
[RequiresScope(Scopes.BilanRead)]
public sealed class BilanController(CnfptDbContext db, TimeProvider clock, IOptions<StatisticsOptions> statistics) : ODataController
{
    /// <summary>The bilan formation of one collectivité for one year: JSON, CSV or PDF by the Accept header.</summary>
    /// <remarks>Sessions starting in the year count. JFS: attended enrolments × course days (half-days count 0.5).</remarks>
    [HttpGet("v1/Collectivites({key})/Bilan(year={year})")]
    [HttpGet("v2/Collectivites({key})/Bilan(year={year})")]
    [ProducesResponseType<BilanReport>(StatusCodes.Status200OK, "application/json", "text/csv", "application/pdf")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(int key, int year, CancellationToken cancellationToken)
    {
        CheckYear(year);
        var report = await BilanCalculator.ComputeAsync(db, key, year, FrenchFormat.ParisDay(clock.GetUtcNow()), cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No collectivité {key} among those you act for.");
        var name = $"bilan-formation-{report.Siren}-{year}";
        var accept = Request.GetTypedHeaders().Accept;
        if (accept.Any(a => a.MediaType.Equals("application/pdf", StringComparison.OrdinalIgnoreCase)))
        {
            return File(BilanPdf.Render(report, FrenchFormat.ParisDay(clock.GetUtcNow())), "application/pdf", name + ".pdf");
        }

        if (accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)))
        {
            return File(Encoding.UTF8.GetBytes(BilanCsv.Write(report)), "text/csv; charset=utf-8; header=present", name + ".csv");
        }

        return Ok(report);
    }

    /// <summary>
    /// The same indicators for the collectivité's peers (same type and strate, nationally and in its région):
    /// quartiles, median, its position, and the theme mix side by side. A group of fewer than k is not shown.
    /// </summary>
    [HttpGet("v1/Collectivites({key})/PeerComparison(year={year})")]
    [HttpGet("v2/Collectivites({key})/PeerComparison(year={year})")]
    [ProducesResponseType<PeerComparison>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Peers(int key, int year, CancellationToken cancellationToken)
    {
        CheckYear(year);
        var comparison = await PeerComparisons.ComputeAsync(db, key, year, statistics.Value.K, cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No collectivité {key} among those you act for.");
        return Ok(comparison);
    }

    private static void CheckYear(int year)
    {
        if (year is < 2000 or > 2100)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, $"year must be between 2000 and 2100, not {year}.", "year");
        }
    }
}
