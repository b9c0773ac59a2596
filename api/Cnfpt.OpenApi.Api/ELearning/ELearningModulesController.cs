using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Api.OpenApi;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.ELearning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.ELearning;

/// <summary>
/// The public catalogue of e-learning modules (about one hour each) and the optional diagnostic that recommends
/// modules; anonymous like the course catalogue. docs/elearning.md.
/// </summary>
[AllowAnonymous]
public sealed class ELearningModulesController(CnfptDbContext db) : ODataController
{
    /// <summary>Lists the e-learning modules; by theme: <c>$filter=themeId eq 12</c>.</summary>
    [CnfptQuery]
    public IQueryable<ELearningModule> Get() => db.ElearningModules.AsNoTracking();

    /// <summary>Reads one module.</summary>
    [CnfptQuery]
    public SingleResult<ELearningModule> Get(int key) => SingleResult.Create(db.ElearningModules.AsNoTracking().Where(m => m.Id == key));

    /// <summary>Marks a learner's answers to diagnostic statements and recommends the modules of the statements missed.</summary>
    /// <remarks>
    /// Body: <c>{"answers": [{"questionId": 1, "answer": false}, …]}</c> (statements: <c>/DiagnosticQuestions</c>).
    /// A module is recommended when at least one of its answered statements was answered wrongly; nothing is stored.
    /// </remarks>
    [HttpPost]
    [ProducesResponseType(typeof(ODataPage<DiagnosticRecommendation>), StatusCodes.Status200OK, "application/json")]
    public async Task<IActionResult> Diagnose(ODataActionParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters?.TryGetValue("answers", out var value) != true || value is not IEnumerable<DiagnosticAnswerLine> lines)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed,
                "answers is required: [{\"questionId\": 1, \"answer\": true}, …].", "answers");
        }

        var answers = lines.Select(l => new DiagnosticAnswer(l.QuestionId, l.Answer)).ToList();
        var ids = answers.Select(a => a.QuestionId).Distinct().ToList();
        var questions = await db.DiagnosticQuestions.AsNoTracking().Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, cancellationToken);
        var moduleIds = questions.Values.Select(q => q.ModuleId).Distinct().ToList();
        var modules = await db.ElearningModules.AsNoTracking().Where(m => moduleIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        return Ok(Diagnostic.Recommend(answers, questions, modules).Select(r =>
        {
            var recommendation = new DiagnosticRecommendation
            {
                ModuleId = r.ModuleId, Code = r.Code, Title = r.Title, DurationMinutes = r.DurationMinutes,
                QuestionsAnswered = r.QuestionsAnswered, QuestionsMissed = r.QuestionsMissed,
            };
            recommendation.SkillsToWork.AddRange(r.SkillsToWork);
            return recommendation;
        }).ToList());
    }
}

/// <summary>The diagnostic statements of the modules (true or false), without their expected answer.</summary>
[AllowAnonymous]
public sealed class DiagnosticQuestionsController(CnfptDbContext db) : ODataController
{
    /// <summary>Lists the statements; one module's: <c>$filter=moduleId eq 1</c>.</summary>
    [CnfptQuery]
    public IQueryable<DiagnosticQuestion> Get() => db.DiagnosticQuestions.AsNoTracking();

    /// <summary>Reads one statement.</summary>
    [CnfptQuery]
    public SingleResult<DiagnosticQuestion> Get(int key) => SingleResult.Create(db.DiagnosticQuestions.AsNoTracking().Where(q => q.Id == key));
}
