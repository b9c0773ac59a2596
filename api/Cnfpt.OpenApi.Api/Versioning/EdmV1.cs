using Cnfpt.OpenApi.Core.Domain;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace Cnfpt.OpenApi.Api.Versioning;

/// <summary>
/// The EDM of API v1 (released, deprecated): what <c>/v1/$metadata</c> publishes. Released contracts are never
/// edited: a change that breaks clients goes into the next version's EDM (docs/versioning.md); the breaking-change
/// gate (contracts/released/) refuses it here.
/// </summary>
internal static class EdmV1
{
    public const string Prefix = "v1";
    public const string Namespace = "Cnfpt.OpenApi.V1";

    public static IEdmModel Build()
    {
        var builder = CnfptEdm.Shared(Namespace, "CnfptV1");
        // Members added to the domain after v1 was released: v1 never publishes them (no v1 response carries
        // them either: a session's ClasseVirtuelle is a v2 notion, see EdmV2).
        builder.EnumType<Modality>().RemoveMember(Modality.ClasseVirtuelle);
        // The bilan formation of a collectivité (docs/bilan.md): a function, GET, no side effect. v1 only for
        // now: its controller is pinned to v1 (attribute-routed with the parameter in the path).
        builder.EntityType<Collectivite>().Function("Bilan").Returns<Core.Bilan.BilanReport>().Parameter<int>("year");
        builder.EntityType<Collectivite>().Function("PeerComparison").Returns<Core.Bilan.PeerComparison>().Parameter<int>("year");
        return CnfptEdm.Finish(builder, Namespace);
    }
}
