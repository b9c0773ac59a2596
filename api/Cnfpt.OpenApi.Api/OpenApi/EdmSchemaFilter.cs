using Cnfpt.OpenApi.Api.Versioning;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cnfpt.OpenApi.Api.OpenApi;

/// <summary>
/// Keeps each entity schema to the properties its version's EDM publishes, so that OpenAPI and
/// <c>$metadata</c> describe the same wire format (internal columns such as search text never appear, nor
/// v1 navigations that v2 dropped).
/// </summary>
internal sealed class EdmSchemaFilter : ISchemaFilter
{
    private static readonly Dictionary<string, IEdmModel> Models = new(StringComparer.Ordinal)
    {
        [EdmV1.Prefix] = EdmV1.Build(),
        [EdmV2.Prefix] = EdmV2.Build(),
    };

    /// <summary>The EDM a document describes.</summary>
    public static IEdmModel ModelOf(string documentName) => Models[documentName];

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = ModelOf(context.DocumentName);
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }

        // Enums: the members this version publishes (v1 never shows a member added after its release).
        if (context.Type.IsEnum && concrete.Enum is { Count: > 0 } values
            && model.SchemaElements.OfType<IEdmEnumType>().FirstOrDefault(t => model.GetAnnotationValue<ClrTypeAnnotation>(t)?.ClrType == context.Type) is { } edmEnum)
        {
            var members = edmEnum.Members.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var value in values.Where(v => v is not null && !members.Contains(v.GetValue<string>())).ToList())
            {
                values.Remove(value);
            }

            return;
        }

        var edmType = model.SchemaElements.OfType<IEdmStructuredType>()
            .FirstOrDefault(t => model.GetAnnotationValue<ClrTypeAnnotation>(t)?.ClrType == context.Type);
        if (edmType is null || concrete.Properties is null)
        {
            return;
        }

        var published = edmType.Properties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in concrete.Properties.Keys.Where(name => !published.Contains(name)).ToList())
        {
            concrete.Properties.Remove(name);
        }
    }
}
