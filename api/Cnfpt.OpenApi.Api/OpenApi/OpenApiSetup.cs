using System.Text.Json.Serialization;
using Cnfpt.OpenApi.Api.Versioning;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;
using Swashbuckle.AspNetCore.Swagger;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;

namespace Cnfpt.OpenApi.Api.OpenApi;

/// <summary>OpenAPI 3 document per version (Swashbuckle) and Swagger UI at /swagger.</summary>
internal static class OpenApiSetup
{
    public const string SecuritySchemeName = "oauth2";

    public static IServiceCollection AddCnfptOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, ODataApiDescriptionProvider>());
        // Schemas show enums as their names, as OData writes them.
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new()
            {
                Title = "CNFPT — API de la formation territoriale",
                Version = "v1",
                Description = "Catalogue of the CNFPT (courses, sessions, themes, délégations) as OData 4.01 JSON. "
                    + "Readable without a token. Collections are paged by 100: follow `@odata.nextLink`. "
                    + "Errors are RFC 9457 problems with a stable `code` (see docs/errors.md). "
                    + "The CSDL of this version is at `/v1/$metadata`. "
                    + "New and changed sessions as RSS 2.0 and Atom 1.0 feeds, per theme, délégation or région: "
                    + "`/feeds/sessions.rss`, `/feeds/sessions.atom` (docs/feeds.md).",
            });
            options.SwaggerDoc("v2", new()
            {
                Title = "CNFPT — API de la formation territoriale",
                Version = "v2",
                Description = "Version 2 of the CNFPT API (released 2.0 on 23 November 2026), OData 4.01 JSON. "
                    + "v1 is deprecated and answers until 30 November 2027 (headers `Deprecation`, `Sunset`, `Link`); "
                    + "what changed is in docs/migration-v1-v2.md. The catalogue is readable without a token. "
                    + "Collections are paged by 100: follow `@odata.nextLink`. Errors are RFC 9457 problems with a "
                    + "stable `code` (see docs/errors.md). The CSDL of this version is at `/v2/$metadata`. "
                    + "New and changed sessions as RSS 2.0 and Atom 1.0 feeds, per theme, délégation or région: "
                    + "`/feeds/sessions.rss`, `/feeds/sessions.atom` (docs/feeds.md).",
            });
            options.CustomSchemaIds(SchemaId);
            options.AddSecurityDefinition(SecuritySchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "OAuth 2.0 client credentials (client_secret_post, client_secret_basic or private_key_jwt). "
                    + "Tokens live 10 minutes. The catalogue needs no token. See docs/security.md.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri("/connect/token", UriKind.Relative),
                        Scopes = Auth.Scopes.Descriptions.ToDictionary(s => s.Key, s => s.Value),
                    },
                },
            });
            options.OperationFilter<ODataOperationFilter>();
            options.OperationFilter<IdempotencyHeaderFilter>();
            options.OperationFilter<Feeds.FeedsOperationFilter>();
            options.SchemaFilter<EdmSchemaFilter>();
            options.DocumentFilter<PruneSchemasFilter>();
            // OData's own metadata controller would describe IEdmModel as JSON: $metadata is documented in
            // the description instead.
            // Each document holds the routes under its version's prefix, plus the routes outside the versions
            // (client administration), which every version's clients use.
            options.DocInclusionPredicate((document, api) =>
                api.ActionDescriptor is Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor action
                && action.ControllerTypeInfo.Assembly == typeof(OpenApiSetup).Assembly
                && (ApiVersions.FromPath("/" + api.RelativePath, out var namesAVersion) is { } version
                    ? ApiVersions.Prefix(version) == document
                    : !namesAVersion));
            var xml = Path.Combine(AppContext.BaseDirectory, "Cnfpt.OpenApi.Api.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }
        });
        // Schema names depend on the document (see DocumentScopedSwaggerProvider).
        services.Replace(ServiceDescriptor.Transient<ISwaggerProvider, DocumentScopedSwaggerProvider>());
        services.Replace(ServiceDescriptor.Transient<IAsyncSwaggerProvider, DocumentScopedSwaggerProvider>());
        return services;
    }

    public static WebApplication UseCnfptOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            // The version selector of Swagger UI: newest first, so that new integrations start on v2.
            options.SwaggerEndpoint("/swagger/v2/swagger.json", "v2");
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "v1 (deprecated, sunset 2027-11-30)");
            options.DocumentTitle = "CNFPT — API de la formation territoriale";
            // Browsers and feed readers discover the session feeds from the page (docs/feeds.md).
            options.HeadContent = Feeds.FeedLinks.Html;
        });
        return app;
    }

    // Schema names are the EDM's names in the document being generated: "Course", "CoursePage" for its collection
    // envelope, "Session" for v1's session in v1 and for SessionV2 in v2.
    private static string SchemaId(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ODataPage<>))
        {
            return SchemaId(type.GetGenericArguments()[0]) + "Page";
        }

        if (DocumentScopedSwaggerProvider.Current is not { } document)
        {
            return type.Name;
        }

        var model = EdmSchemaFilter.ModelOf(document);
        var published = model.SchemaElements.OfType<IEdmSchemaType>()
            .FirstOrDefault(t => model.GetAnnotationValue<ClrTypeAnnotation>(t)?.ClrType == type);
        if (published is not null)
        {
            return published.Name;
        }

        // A type this version does not publish (v1's session while generating v2) but that Swashbuckle meets on a
        // CLR navigation before EdmSchemaFilter drops it: named apart, then removed by PruneSchemasFilter.
        return model.SchemaElements.Any(t => t.Name == type.Name) ? type.Name + "Unpublished" : type.Name;
    }
}
