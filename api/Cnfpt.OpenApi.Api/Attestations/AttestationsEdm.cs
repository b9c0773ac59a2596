using Cnfpt.OpenApi.Core.Domain;
using Microsoft.OData.ModelBuilder;

namespace Cnfpt.OpenApi.Api.Attestations;

/// <summary>The EDM of attendance, attestations and training obligations, shared by every version (docs/attestations.md).</summary>
internal static class AttestationsEdm
{
    public static void Add(ODataConventionModelBuilder builder)
    {
        builder.EntitySet<AttendanceRecord>("AttendanceRecords");
        var records = builder.EntityType<AttendanceRecord>().Collection;
        var record = records.Action("Record").Returns<Attendance.AttendanceSummary>();
        record.Parameter<int>("sessionId");
        record.CollectionParameter<Attendance.AttendanceLine>("records");
        records.Action("CloseSession").Returns<Attendance.SessionClosureSummary>().Parameter<int>("sessionId");

        builder.EntitySet<Attestation>("Attestations");
        builder.EntityType<Attestation>().Function("Pdf").Returns<Stream>();
        builder.EntityType<Attestation>().Function("Credential").Returns<Stream>();

        builder.EntitySet<Obligations.TrainingObligation>("TrainingObligations");
        builder.EntityType<Agent>().Function("TrainingObligations").ReturnsCollectionFromEntitySet<Obligations.TrainingObligation>("TrainingObligations");
    }
}
