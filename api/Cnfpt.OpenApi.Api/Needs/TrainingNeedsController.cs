using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.OData;
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
/// Training needs (recueil des besoins) of the collectivités the caller acts for: submitted for a year, pooled per
/// périmètre, and their outcome (status, and the session proposal that pooled them). docs/needs.md.
/// </summary>
public sealed class TrainingNeedsController(CnfptDbContext db, NeedsWorkflow workflow, CallerAccessor caller) : ODataController
{
    /// <summary>Lists the needs of the collectivités the caller acts for.</summary>
    /// <remarks>Outcome: <c>status</c> and <c>$expand=sessionProposal</c>; named agents: <c>$expand=agents</c>.</remarks>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public IQueryable<TrainingNeed> Get() => db.TrainingNeeds.AsNoTracking();

    /// <summary>Reads one need.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public SingleResult<TrainingNeed> Get(int key) => SingleResult.Create(db.TrainingNeeds.AsNoTracking().Where(n => n.Id == key));

    /// <summary>Submits a need for a year: a course or a theme, a number of agents or named agents, a priority, a preferred period and place.</summary>
    /// <remarks>
    /// A need for a course of a collectivité in a périmètre is pooled at once: when the périmètre's demand for the course
    /// reaches the theme's threshold, a session proposal opens and the need comes back <c>Pooled</c>.
    /// </remarks>
    [RequiresScope(Scopes.NeedsWrite)]
    [ProducesResponseType(typeof(TrainingNeed), StatusCodes.Status201Created, "application/json")]
    public async Task<IActionResult> Post([FromBody] NeedRequest request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed,
                "A JSON body {collectiviteId, year, courseId | themeId, agentCount | agentIds, priority?, preferredPeriod?, preferredCommuneCode?} is required.", "body");
        }

        if (!caller.Caller.Tenant.Allows(request.CollectiviteId))
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, ProblemCodes.NotMandated,
                $"You do not act for collectivité {request.CollectiviteId}: it has not given you a mandate.", "collectiviteId");
        }

        return Created(await workflow.SubmitAsync(request, cancellationToken));
    }

    /// <summary>Withdraws a need that is not scheduled yet; a proposal whose demand falls below the threshold is withdrawn too.</summary>
    [HttpPost]
    [RequiresScope(Scopes.NeedsWrite)]
    [ProducesResponseType(typeof(TrainingNeed), StatusCodes.Status200OK, "application/json")]
    public async Task<IActionResult> Withdraw([FromODataUri] int key, CancellationToken cancellationToken) =>
        Ok(await workflow.WithdrawAsync(key, cancellationToken));
}
