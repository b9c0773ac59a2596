using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cnfpt.OpenApi.Api.OpenApi;

/// <summary>
/// Drops the schemas no operation reaches. Swashbuckle generates a schema for every CLR navigation before
/// <see cref="EdmSchemaFilter"/> removes the ones the EDM does not publish; their targets would otherwise stay
/// in the document as orphans that SDK generators turn into dead classes.
/// </summary>
internal sealed partial class PruneSchemasFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        if (swaggerDoc.Components?.Schemas is not { } schemas)
        {
            return;
        }

        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(References(Json(w => swaggerDoc.Paths.SerializeAsV3(w))));
        while (pending.TryDequeue(out var name))
        {
            if (reachable.Add(name) && schemas.TryGetValue(name, out var schema))
            {
                foreach (var next in References(Json(schema.SerializeAsV3)))
                {
                    pending.Enqueue(next);
                }
            }
        }

        foreach (var orphan in schemas.Keys.Where(k => !reachable.Contains(k)).ToList())
        {
            schemas.Remove(orphan);
        }
    }

    private static string Json(Action<IOpenApiWriter> serialize)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        serialize(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    private static IEnumerable<string> References(string json) =>
        SchemaReference().Matches(json).Select(m => m.Groups[1].Value);

    [GeneratedRegex("#/components/schemas/([^\"]+)\"")]
    private static partial Regex SchemaReference();
}
