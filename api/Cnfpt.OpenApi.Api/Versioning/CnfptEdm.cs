using Cnfpt.OpenApi.Api.Statistics;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace Cnfpt.OpenApi.Api.Versioning;

/// <summary>
/// The part of the EDM every version shares. A new entity set, action or function added here appears in
/// <c>/v1</c> and <c>/v2</c> at once, served by one controller without <c>[ODataRouteComponent]</c>
/// (docs/versioning.md, "Adding an endpoint"). Only what a version changes goes into <see cref="EdmV1"/> or
/// <see cref="EdmV2"/>.
/// </summary>
internal static class CnfptEdm
{
    /// <summary>The shared model, ready for a version's changes; <see cref="Finish"/> turns it into the EDM.</summary>
    public static ODataConventionModelBuilder Shared(string ns, string containerName)
    {
        var builder = new ODataConventionModelBuilder { Namespace = ns, ContainerName = containerName };
        builder.EnableLowerCamelCase();

        builder.EntitySet<Course>("Courses");
        builder.EntitySet<Session>("Sessions");
        builder.EntitySet<Theme>("Themes");
        builder.EntitySet<TrainingDomain>("Domains");
        builder.EntitySet<Delegation>("Delegations");
        builder.EntitySet<Commune>("Communes");
        builder.EntitySet<Collectivite>("Collectivites");
        builder.EntitySet<Mandate>("Mandates");
        builder.EntitySet<Agent>("Agents");
        builder.EntityType<Mandate>().Action("Revoke").ReturnsFromEntitySet<Mandate>("Mandates");
        builder.EntitySet<PrintBatch>("PrintBatches");
        // Bound operations of a print batch: its PDF (a function: GET, no side effect) and MarkSent.
        builder.EntityType<PrintBatch>().Function("Pdf").Returns<Stream>();
        builder.EntityType<PrintBatch>().Action("MarkSent").ReturnsFromEntitySet<PrintBatch>("PrintBatches");

        var upsert = builder.EntityType<Agent>().Collection.Action("Upsert").ReturnsFromEntitySet<Agent>("Agents");
        upsert.Parameter<int>("collectiviteId");
        upsert.Parameter<string>("employerReference");
        upsert.Parameter<string>("lastName");
        upsert.Parameter<string>("firstName");
        upsert.Parameter<DateOnly?>("birthDate").Optional();
        upsert.Parameter<AgentCategory>("category");
        upsert.Parameter<AgentStatus>("status");
        upsert.Parameter<string>("cadreEmplois");
        upsert.Parameter<DateOnly>("appointmentDate");

        // Open-data statistics: published cells only (docs/statistics.md).
        builder.EntitySet<StatisticsRow>("Statistics");
        builder.EntitySet<Enrolment>("Enrolments");
        var enrolment = builder.EntityType<Enrolment>();
        enrolment.ContainsMany(e => e.Events);
        enrolment.ContainsOptional(e => e.Acknowledgement);
        builder.EntityType<EnrolmentEvent>().Ignore(e => e.Enrolment);
        builder.EntityType<Acknowledgement>().Ignore(a => a.Enrolment);
        foreach (var name in new[] { "Accept", "Refuse", "MarkAttended", "MarkAbsent" })
        {
            enrolment.Action(name).ReturnsFromEntitySet<Enrolment>("Enrolments").Parameter<string>("reason").Optional();
        }

        enrolment.Action("Cancel").ReturnsFromEntitySet<Enrolment>("Enrolments").Parameter<string>("reason").Required();
        Attestations.AttestationsEdm.Add(builder);

        Needs.NeedsEdm.Register(builder);
        ELearning.ELearningEdm.Register(builder);

        // The bilan formation of a collectivité and its peers (docs/bilan.md): functions, GET, no side effect.
        builder.EntityType<Collectivite>().Function("Bilan").Returns<Core.Bilan.BilanReport>().Parameter<int>("year");
        builder.EntityType<Collectivite>().Function("PeerComparison").Returns<Core.Bilan.PeerComparison>().Parameter<int>("year");

        builder.EntityType<TrainingDomain>().Name = "Domain";
        builder.EntityType<Commune>().HasKey(c => c.Code);
        builder.EntityType<Course>().Ignore(c => c.SearchText);
        builder.EntityType<Session>().Ignore(s => s.Perimetre);
        builder.EntityType<Delegation>().Ignore(d => d.Region);
        builder.EntityType<Commune>().Ignore(c => c.Departement);
        builder.EntityType<Collectivite>().Ignore(c => c.Perimetre);
        return builder;
    }

    /// <summary>Puts every type in the version's namespace and builds the EDM.</summary>
    public static IEdmModel Finish(ODataConventionModelBuilder builder, string ns)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var type in builder.StructuralTypes)
        {
            type.Namespace = ns;
        }

        foreach (var type in builder.EnumTypes)
        {
            type.Namespace = ns;
        }

        return builder.GetEdmModel();
    }
}
