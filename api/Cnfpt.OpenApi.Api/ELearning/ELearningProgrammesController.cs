using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.ELearning;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.ELearning;

/// <summary>
/// E-learning rollout programmes: modules that a set of agents should follow (a national campaign, a collectivité's
/// plan). Defined by the back office; every caller with <c>enrolments.read</c> reads their definition and the
/// rollout of its own collectivités' agents (the back office: all). docs/elearning.md.
/// </summary>
public sealed class ELearningProgrammesController(CnfptDbContext db, Programmes programmes, CallerAccessor caller) : ODataController
{
    /// <summary>Lists the programmes (<c>$expand=modules</c> for their modules).</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public IQueryable<ELearningProgramme> Get() => db.ElearningProgrammes.AsNoTracking();

    /// <summary>Reads one programme.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public SingleResult<ELearningProgramme> Get(int key) => SingleResult.Create(db.ElearningProgrammes.AsNoTracking().Where(p => p.Id == key));

    /// <summary>Defines a programme: its modules and its targets (collectivités, optionally catégories, and/or named agents).</summary>
    /// <remarks>
    /// Body: <c>{"name", "description"?, "startsOn"?, "endsOn"?, "moduleIds": [1, 2], "collectiviteIds"?: [1, 2], "categories"?: ["C"], "agentIds"?: [42]}</c>.
    /// The targets are written set-based from the agents of today; <c>targetedAgents</c> counts them.
    /// </remarks>
    [RequiresScope(Scopes.ELearningManage)]
    [ProducesResponseType(typeof(ELearningProgramme), StatusCodes.Status201Created, "application/json")]
    public async Task<IActionResult> Post([FromBody] ProgrammeRequest request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed,
                "A JSON body {name, moduleIds, collectiviteIds | agentIds, categories?, description?, startsOn?, endsOn?} is required.", "body");
        }

        return Created(await programmes.CreateAsync(request, caller.Caller.ClientId!, cancellationToken));
    }

    /// <summary>The rollout: agents targeted, started and completed, in total, per module and per collectivité (the 100 with the most targeted agents).</summary>
    /// <remarks>
    /// One set-based SQL statement, whatever the number of agents. A collectivité (or its vendor) sees the figures of
    /// its own agents only; the back office sees the whole programme. Per module an agent counts once for that
    /// module; in total and per collectivité an agent has started with one module started and completed with all.
    /// </remarks>
    [HttpGet]
    [RequiresScope(Scopes.EnrolmentsRead)]
    [ProducesResponseType<RolloutDto>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Rollout([FromODataUri] int key, CancellationToken cancellationToken)
    {
        var view = await Core.ELearning.Rollout.ComputeAsync(db, key, cancellationToken: cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No e-learning programme {key}.");
        var dto = new RolloutDto { ProgrammeId = view.ProgrammeId, Name = view.Name, ModuleCount = view.ModuleCount, Total = Figures(view.Total), CollectivitesCount = view.CollectivitesCount };
        dto.Modules.AddRange(view.Modules.Select(m => new RolloutModuleDto
        {
            ModuleId = m.ModuleId, Code = m.Code, Title = m.Title, Figures = Figures(m.Figures), AverageTimeSpentMinutes = m.AverageTimeSpentMinutes, AverageScore = m.AverageScore,
        }));
        dto.Collectivites.AddRange(view.Collectivites.Select(c => new RolloutCollectiviteDto { CollectiviteId = c.CollectiviteId, Name = c.Name, Figures = Figures(c.Figures) }));
        return Ok(dto);
    }

    private static RolloutFiguresDto Figures(RolloutFigures f) => new() { Targeted = f.Targeted, Started = f.Started, Completed = f.Completed, CompletionRate = f.CompletionRate };
}
