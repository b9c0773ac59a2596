using Cnfpt.OpenApi.Api.Statistics;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace Cnfpt.OpenApi.Api.Versioning;

/// <summary>
/// The EDM of API v1: what <c>/v1/$metadata</c> publishes. Released contracts are never edited: a change
/// that breaks clients goes into the next version's EDM (docs/versioning.md).
/// </summary>
internal static class EdmV1
{
    public const string Prefix = "v1";
    public const string Namespace = "Cnfpt.OpenApi.V1";

    public static IEdmModel Build()
    {
        var builder = new ODataConventionModelBuilder { Namespace = Namespace, ContainerName = "CnfptV1" };
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

        builder.EntityType<TrainingDomain>().Name = "Domain";
        builder.EntityType<Commune>().HasKey(c => c.Code);
        builder.EntityType<Course>().Ignore(c => c.SearchText);
        builder.EntityType<Session>().Ignore(s => s.Perimetre);
        builder.EntityType<Delegation>().Ignore(d => d.Region);
        builder.EntityType<Commune>().Ignore(c => c.Departement);
        builder.EntityType<Collectivite>().Ignore(c => c.Perimetre);

        foreach (var type in builder.StructuralTypes)
        {
            type.Namespace = Namespace;
        }

        foreach (var type in builder.EnumTypes)
        {
            type.Namespace = Namespace;
        }

        return builder.GetEdmModel();
    }
}
