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
/// Agents' progress in e-learning modules (started, completed, time spent, score): reported in bulk by the learning
/// platform through the back office scope, read by the collectivités for their own agents. docs/elearning.md.
/// </summary>
public sealed class ModuleProgressController(CnfptDbContext db, ProgressReporting reporting) : ODataController
{
    /// <summary>Lists the progress of the agents of the collectivités the caller acts for.</summary>
    /// <remarks>Completion per module for one collectivité: <c>/Collectivites({id})/ELearningCompletion</c>.</remarks>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public IQueryable<ModuleProgress> Get() => db.ElearningProgress.AsNoTracking();

    /// <summary>Reads one progress row.</summary>
    [CnfptQuery]
    [RequiresScope(Scopes.EnrolmentsRead)]
    public SingleResult<ModuleProgress> Get(long key) => SingleResult.Create(db.ElearningProgress.AsNoTracking().Where(p => p.Id == key));

    /// <summary>Reports progress in bulk (up to 5 000 lines), all or nothing: the learning platform's entry point.</summary>
    /// <remarks>
    /// Body: <c>{"lines": [{"agentId", "moduleId", "status", "startedAt"?, "completedAt"?, "timeSpentMinutes"?, "score"?}]}</c>.
    /// A bad line is a problem naming it (<c>lines[3].score</c>) and nothing is written. A status never goes back:
    /// a line that would (Completed → Started) is ignored and counted in <c>ignored</c>.
    /// </remarks>
    [HttpPost]
    [RequiresScope(Scopes.ELearningManage)]
    [RequestSizeLimit(4 * 1024 * 1024)]
    [ProducesResponseType<ProgressReportSummary>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Report(ODataActionParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters?.TryGetValue("lines", out var value) != true || value is not IEnumerable<ProgressReportLine> lines)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed,
                "lines is required: [{\"agentId\": 1, \"moduleId\": 1, \"status\": \"Completed\", \"timeSpentMinutes\": 55, \"score\": 80}, …].", "lines");
        }

        var result = await reporting.ReportAsync(
            [.. lines.Select(l => new ProgressLine(l.AgentId, l.ModuleId, l.Status, l.StartedAt, l.CompletedAt, l.TimeSpentMinutes, l.Score))], cancellationToken);
        return Ok(new ProgressReportSummary { Received = result.Received, Inserted = result.Inserted, Updated = result.Updated, Ignored = result.Ignored });
    }
}
