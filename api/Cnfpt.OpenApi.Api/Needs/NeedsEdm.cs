using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Needs;
using Microsoft.OData.ModelBuilder;

namespace Cnfpt.OpenApi.Api.Needs;

/// <summary>Entity sets and operations of training needs, périmètres (pooled plans) and session proposals (docs/needs.md).</summary>
internal static class NeedsEdm
{
    public static void Register(ODataConventionModelBuilder builder)
    {
        builder.EntitySet<TrainingNeed>("TrainingNeeds");
        var need = builder.EntityType<TrainingNeed>();
        need.ContainsMany(n => n.Agents);
        need.Action("Withdraw").ReturnsFromEntitySet<TrainingNeed>("TrainingNeeds");
        var needAgent = builder.EntityType<TrainingNeedAgent>();
        needAgent.HasKey(a => new { a.TrainingNeedId, a.AgentId });
        needAgent.Ignore(a => a.Agent);

        builder.EntitySet<Perimetre>("Perimetres");
        var perimetre = builder.EntityType<Perimetre>();
        perimetre.Ignore(p => p.Members);
        perimetre.Ignore(p => p.Coordinator);
        builder.ComplexType<PlanLine>();
        builder.ComplexType<PlanContribution>();
        builder.ComplexType<PlanAgent>();
        perimetre.Function("Plan").ReturnsCollection<PlanLine>().Parameter<int>("year");
        perimetre.Function("PlanCsv").Returns<Stream>().Parameter<int>("year");
        perimetre.Function("PlanPdf").Returns<Stream>().Parameter<int>("year");

        builder.EntitySet<SessionProposal>("SessionProposals");
        var proposal = builder.EntityType<SessionProposal>();
        // scheduledSessionId names the session; a navigation would tie the proposal to each version's Session type.
        proposal.Ignore(p => p.ScheduledSession);
        var schedule = proposal.Action("Schedule").ReturnsFromEntitySet<SessionProposal>("SessionProposals");
        schedule.Parameter<DateOnly>("startDate");
        schedule.Parameter<DateOnly?>("endDate").Optional();
        schedule.Parameter<int?>("capacity").Optional();
        schedule.Parameter<string>("communeCode").Optional();
        schedule.Parameter<string>("venue").Optional();
        proposal.Action("Decline").ReturnsFromEntitySet<SessionProposal>("SessionProposals").Parameter<string>("reason").Required();
    }
}
