using Cnfpt.OpenApi.Api.OpenApi;
using Cnfpt.OpenApi.Core.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Statistics;

/// <summary>
/// Open-data statistics (Licence Ouverte / Etalab 2.0): the published cells of the cube and its marginal
/// totals, with <c>$apply</c> rollups that only ever add published cells. Anonymous; JSON or CSV.
/// </summary>
[AllowAnonymous]
[Produces("application/json")]
[StatisticsResponse]
public sealed class StatisticsController(CnfptDbContext db) : ODataController
{
    /// <summary>Lists published statistics cells (filter on <c>table</c>: <c>cube</c> or a marginal table), with <c>$apply</c>, JSON or CSV.</summary>
    [StatisticsQuery]
    [ProducesResponseType<ODataPage<StatisticsRow>>(StatusCodes.Status200OK)]
    public IQueryable<StatisticsRow> Get() => StatisticsRow.From(db.StatisticsCells.AsNoTracking());
}
