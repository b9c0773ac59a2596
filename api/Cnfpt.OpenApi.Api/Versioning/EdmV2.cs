using Cnfpt.OpenApi.Api.Catalogue.V2;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace Cnfpt.OpenApi.Api.Versioning;

/// <summary>
/// The EDM of API v2: the shared model (<see cref="CnfptEdm"/>) with v2's breaking improvements, each listed in
/// docs/migration-v1-v2.md:
/// <list type="bullet">
/// <item>Sessions: a structured <c>location</c> (complex type <c>Location</c>: venue, commune code and name,
/// département) instead of <c>venue</c> and <c>communeCode</c>; their own <c>modality</c>, whose enum gains
/// <c>ClasseVirtuelle</c>; <c>seatsAvailable</c>. Served by <see cref="Catalogue.V2.SessionsController"/>.</item>
/// <item>Because a v2 session is another shape, the navigations to v1 sessions (<c>Courses(…)/sessions</c>,
/// <c>Delegations(…)/sessions</c>, <c>Enrolments(…)/session</c>) are not in v2: filter <c>/v2/Sessions</c> on
/// <c>courseId</c>, <c>delegationId</c>, or read <c>/v2/Sessions(sessionId)</c>.</item>
/// </list>
/// </summary>
internal static class EdmV2
{
    public const string Prefix = "v2";
    public const string Namespace = "Cnfpt.OpenApi.V2";

    public static IEdmModel Build()
    {
        var builder = CnfptEdm.Shared(Namespace, "CnfptV2");

        // v1's session shape leaves the model, and with it every navigation to it (the convention builder would
        // otherwise bring it back, under the same name as v2's session, when it maps Course.Sessions).
        builder.RemoveEntitySet("Sessions");
        builder.RemoveStructuralType(typeof(Core.Domain.Session));
        foreach (var type in builder.StructuralTypes.ToList())
        {
            foreach (var property in type.ClrType.GetProperties().Where(p => RefersTo<Core.Domain.Session>(p.PropertyType)))
            {
                type.RemoveProperty(property);
            }
        }

        builder.EntitySet<SessionV2>("Sessions");
        builder.EntityType<SessionV2>().Name = "Session";
        builder.ComplexType<SessionLocation>().Name = "Location";

        return CnfptEdm.Finish(builder, Namespace);
    }

    private static bool RefersTo<T>(Type type) =>
        type == typeof(T) || (type.IsGenericType && type.GetGenericArguments() is [var element] && element == typeof(T));
}
