using Cnfpt.OpenApi.Core.Domain;
using Microsoft.OData.ModelBuilder;

namespace Cnfpt.OpenApi.Api.ELearning;

/// <summary>Entity sets and operations of e-learning, shared by every version (docs/elearning.md).</summary>
internal static class ELearningEdm
{
    public static void Register(ODataConventionModelBuilder builder)
    {
        builder.EntitySet<ELearningModule>("ELearningModules");
        var module = builder.EntityType<ELearningModule>();
        module.Ignore(m => m.Course); // courseId names it; Course navigates to Session in v1
        var diagnose = module.Collection.Action("Diagnose").ReturnsCollection<DiagnosticRecommendation>();
        diagnose.CollectionParameter<DiagnosticAnswerLine>("answers");

        builder.EntitySet<DiagnosticQuestion>("DiagnosticQuestions");
        builder.EntityType<DiagnosticQuestion>().Ignore(q => q.IsTrue); // the expected answer never leaves the API

        builder.EntitySet<ModuleProgress>("ModuleProgress");
        var progress = builder.EntityType<ModuleProgress>();
        progress.Ignore(p => p.Agent);
        progress.Collection.Action("Report").Returns<ProgressReportSummary>().CollectionParameter<ProgressReportLine>("lines");

        builder.EntitySet<TutorRequest>("TutorRequests");
        var tutor = builder.EntityType<TutorRequest>();
        tutor.Ignore(t => t.Agent);
        tutor.Action("Answer").ReturnsFromEntitySet<TutorRequest>("TutorRequests").Parameter<string>("answer").Required();
        tutor.Action("Close").ReturnsFromEntitySet<TutorRequest>("TutorRequests");

        builder.EntitySet<ELearningProgramme>("ELearningProgrammes");
        var programme = builder.EntityType<ELearningProgramme>();
        programme.ContainsMany(p => p.Modules);
        var programmeModule = builder.EntityType<ProgrammeModule>();
        programmeModule.HasKey(m => new { m.ProgrammeId, m.ModuleId });
        programmeModule.Ignore(m => m.Module);
        builder.ComplexType<RolloutFiguresDto>();
        builder.ComplexType<RolloutModuleDto>();
        builder.ComplexType<RolloutCollectiviteDto>();
        programme.Function("Rollout").Returns<RolloutDto>();

        builder.EntityType<Collectivite>().Function("ELearningCompletion").ReturnsCollection<ModuleCompletion>();
    }
}

/// <summary>A learner's answer to one diagnostic statement.</summary>
public sealed class DiagnosticAnswerLine
{
    public int QuestionId { get; set; }

    /// <summary>True when the learner thinks the statement is true.</summary>
    public bool? Answer { get; set; }
}

/// <summary>A module the diagnostic recommends: at least one of its statements was answered wrongly.</summary>
public sealed class DiagnosticRecommendation
{
    public int ModuleId { get; set; }

    public string Code { get; set; } = "";

    public string Title { get; set; } = "";

    public int DurationMinutes { get; set; }

    public int QuestionsAnswered { get; set; }

    public int QuestionsMissed { get; set; }

    public List<string> SkillsToWork { get; } = [];
}

/// <summary>One line of a progress report: an agent's state in a module.</summary>
public sealed class ProgressReportLine
{
    public int AgentId { get; set; }

    public int ModuleId { get; set; }

    public ModuleProgressStatus? Status { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public int? TimeSpentMinutes { get; set; }

    public decimal? Score { get; set; }
}

/// <summary>What a report did: lines inserted, updated, and ignored (status regressions).</summary>
public sealed class ProgressReportSummary
{
    public int Received { get; set; }

    public int Inserted { get; set; }

    public int Updated { get; set; }

    public int Ignored { get; set; }
}

/// <summary>A collectivité's agents in one module: started (or completed), completed, the completion rate (completed / started), averages of the completed.</summary>
public sealed class ModuleCompletion
{
    public int ModuleId { get; set; }

    public string Code { get; set; } = "";

    public string Title { get; set; } = "";

    public int AgentsStarted { get; set; }

    public int AgentsCompleted { get; set; }

    public double CompletionRate { get; set; }

    public double? AverageTimeSpentMinutes { get; set; }

    public double? AverageScore { get; set; }
}

/// <summary>Targeted agents, those who started, those who completed, and completed / targeted.</summary>
public sealed class RolloutFiguresDto
{
    public int Targeted { get; set; }

    public int Started { get; set; }

    public int Completed { get; set; }

    public double CompletionRate { get; set; }
}

/// <summary>One module of a programme's rollout.</summary>
public sealed class RolloutModuleDto
{
    public int ModuleId { get; set; }

    public string Code { get; set; } = "";

    public string Title { get; set; } = "";

    public RolloutFiguresDto Figures { get; set; } = new();

    public double? AverageTimeSpentMinutes { get; set; }

    public double? AverageScore { get; set; }
}

/// <summary>One collectivité of a programme's rollout.</summary>
public sealed class RolloutCollectiviteDto
{
    public int CollectiviteId { get; set; }

    public string Name { get; set; } = "";

    public RolloutFiguresDto Figures { get; set; } = new();
}

/// <summary>The rollout of a programme: totals, per module, and the collectivités with the most targeted agents (<c>collectivitesCount</c> in all).</summary>
public sealed class RolloutDto
{
    public int ProgrammeId { get; set; }

    public string Name { get; set; } = "";

    public int ModuleCount { get; set; }

    public RolloutFiguresDto Total { get; set; } = new();

    public List<RolloutModuleDto> Modules { get; } = [];

    public int CollectivitesCount { get; set; }

    public List<RolloutCollectiviteDto> Collectivites { get; } = [];
}
