using Cnfpt.OpenApi.Api.Versioning;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cnfpt.OpenApi.Api.OpenApi;

/// <summary>
/// Keeps each entity schema to the properties its version's EDM publishes, so that OpenAPI and
/// <c>$metadata</c> describe the same wire format (internal columns such as search text never appear).
/// </summary>
internal sealed class EdmSchemaFilter : ISchemaFilter
{
    private static readonly IEdmModel Model = EdmV1.Build();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        var edmType = Model.SchemaElements.OfType<IEdmStructuredType>()
            .FirstOrDefault(t => Model.GetAnnotationValue<ClrTypeAnnotation>(t)?.ClrType == context.Type);
        if (edmType is null || schema is not OpenApiSchema concrete || concrete.Properties is null)
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
