using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Api.Obligations;
using Cnfpt.OpenApi.Core.Documents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Enrolments;

// The obligations feature's part of the agents' controller: OData routes a function bound to Agents here.
public sealed partial class AgentsController
{
    /// <summary>The agent's statutory training obligations (parcours de formation initiale): required, done, remaining, deadline, status.</summary>
    [HttpGet]
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    [ProducesResponseType<OpenApi.ODataPage<TrainingObligation>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> TrainingObligations([FromODataUri] int key, CancellationToken cancellationToken)
    {
        var agent = db.Agents.Where(a => a.Id == key);
        if (!await agent.AnyAsync(cancellationToken))
        {
            return NotFound();
        }

        return Ok((await TrainingObligationsController.ObligationsOf(db, agent, FrenchFormat.ParisDay(clock.GetUtcNow()), cancellationToken)).AsQueryable());
    }
}
