using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.ELearning;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.OpenApi;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tenancy;

/// <summary>The collectivités the caller acts for (its mandates; its own for a collectivité's IT; all for the back office).</summary>
public sealed class CollectivitesController(CnfptDbContext db) : ODataController
{
    /// <summary>Lists the collectivités the caller may act for.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.MandatesRead)]
    public IQueryable<Collectivite> Get() => db.Collectivites.AsNoTracking();

    /// <summary>Reads one of them; 404 for any other.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.MandatesRead)]
    public SingleResult<Collectivite> Get(int key) => SingleResult.Create(db.Collectivites.AsNoTracking().Where(c => c.Id == key));

    /// <summary>E-learning completion of the collectivité's agents, per module: agents started and completed, completion rate, average time and score.</summary>
    /// <remarks>
    /// <c>agentsStarted</c> counts the agents with the module started or completed, <c>completionRate</c> is completed /
    /// started; the averages are over the agents who completed it. One GROUP BY over the progress rows.
    /// </remarks>
    [HttpGet]
    [RequiresScope(Scopes.EnrolmentsRead)]
    [ProducesResponseType(typeof(ODataPage<ModuleCompletion>), StatusCodes.Status200OK, "application/json")]
    public async Task<IActionResult> ELearningCompletion([FromODataUri] int key, CancellationToken cancellationToken)
    {
        if (!await db.Collectivites.AnyAsync(c => c.Id == key, cancellationToken))
        {
            throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No collectivité {key} among those you act for.");
        }

        var rows = await db.ElearningProgress.AsNoTracking()
            .Where(p => p.CollectiviteId == key && p.Status != ModuleProgressStatus.NotStarted)
            .GroupBy(p => p.ModuleId)
            .Select(g => new
            {
                ModuleId = g.Key,
                Started = g.Count(),
                Completed = g.Count(p => p.Status == ModuleProgressStatus.Completed),
                AverageTime = g.Where(p => p.Status == ModuleProgressStatus.Completed).Average(p => (double?)p.TimeSpentMinutes),
                AverageScore = g.Where(p => p.Status == ModuleProgressStatus.Completed).Average(p => p.Score),
            })
            .ToListAsync(cancellationToken);
        var moduleIds = rows.Select(r => r.ModuleId).ToList();
        var modules = await db.ElearningModules.AsNoTracking().Where(m => moduleIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        return Ok(rows.Select(r => new ModuleCompletion
        {
            ModuleId = r.ModuleId, Code = modules[r.ModuleId].Code, Title = modules[r.ModuleId].Title, AgentsStarted = r.Started, AgentsCompleted = r.Completed,
            CompletionRate = Core.ELearning.Rollout.Rate(r.Completed, r.Started),
            AverageTimeSpentMinutes = r.AverageTime is { } time ? Math.Round(time, 1) : null,
            AverageScore = r.AverageScore is { } score ? Math.Round((double)score, 1) : null,
        }).OrderBy(m => m.Code, StringComparer.Ordinal).ToList());
    }
}
