using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;

namespace Cnfpt.OpenApi.Core.ELearning;

/// <summary>A learner's answer to one diagnostic statement: true or false.</summary>
public sealed record DiagnosticAnswer(int QuestionId, bool? Answer);

/// <summary>A module the diagnostic recommends, with the statements missed and the skills they test.</summary>
public sealed record ModuleRecommendation(int ModuleId, string Code, string Title, int DurationMinutes, int QuestionsAnswered, int QuestionsMissed, IReadOnlyList<string> SkillsToWork);

/// <summary>
/// The optional diagnostic before e-learning: the learner answers true or false to any of the modules' statements;
/// <b>a module is recommended when at least one of its statements was answered wrongly</b>. Statements not
/// answered count for nothing (a learner may answer the diagnostic of one module only). Deterministic: the same
/// answers always give the same recommendations, in module code order. No agent data is involved.
/// </summary>
public static class Diagnostic
{
    public const int MaxAnswers = 200;

    /// <summary>Checks the answers against the statements (unknown, duplicate or missing answers are refused) and recommends.</summary>
    public static IReadOnlyList<ModuleRecommendation> Recommend(IReadOnlyList<DiagnosticAnswer> answers, IReadOnlyDictionary<int, DiagnosticQuestion> questions, IReadOnlyDictionary<int, ELearningModule> modules)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(modules);
        if (answers.Count == 0 || answers.Count > MaxAnswers)
        {
            throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid, $"answers holds 1 to {MaxAnswers} answers: [{{\"questionId\": 1, \"answer\": true}}, …].", "answers");
        }

        var seen = new HashSet<int>();
        for (var i = 0; i < answers.Count; i++)
        {
            var answer = answers[i];
            if (!questions.ContainsKey(answer.QuestionId))
            {
                throw new RuleViolationException("question-not-found", RuleViolationKind.Unprocessable, $"answers[{i}]: no diagnostic question {answer.QuestionId}.", $"answers[{i}].questionId");
            }

            if (!seen.Add(answer.QuestionId))
            {
                throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid, $"answers[{i}]: question {answer.QuestionId} is answered twice.", $"answers[{i}].questionId");
            }

            if (answer.Answer is null)
            {
                throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid, $"answers[{i}]: answer is true or false.", $"answers[{i}].answer");
            }
        }

        return [.. answers
            .Select(a => (Question: questions[a.QuestionId], Missed: a.Answer != questions[a.QuestionId].IsTrue))
            .GroupBy(x => x.Question.ModuleId)
            .Where(g => g.Any(x => x.Missed))
            .Select(g =>
            {
                var module = modules[g.Key];
                var skills = g.Where(x => x.Missed).Select(x => x.Question.Skill).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                return new ModuleRecommendation(module.Id, module.Code, module.Title, module.DurationMinutes, g.Count(), g.Count(x => x.Missed), skills);
            })
            .OrderBy(r => r.Code, StringComparer.Ordinal)];
    }
}
