using System.Text.Json.Serialization;
using Cnfpt.OpenApi.Core.Domain;
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
                    + "The CSDL of this version is at `/v1/$metadata`.",
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
            options.SchemaFilter<EdmSchemaFilter>();
            options.DocumentFilter<PruneSchemasFilter>();
            // OData's own metadata controller would describe IEdmModel as JSON: $metadata is documented in
            // the description instead.
            options.DocInclusionPredicate((_, api) =>
                api.ActionDescriptor is Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor action
                && action.ControllerTypeInfo.Assembly == typeof(OpenApiSetup).Assembly);
            var xml = Path.Combine(AppContext.BaseDirectory, "Cnfpt.OpenApi.Api.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    public static WebApplication UseCnfptOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "v1");
            options.DocumentTitle = "CNFPT — API de la formation territoriale";
        });
        return app;
    }

    // Schema names are the EDM's names: "Course", "CoursePage" for its collection envelope.
    private static string SchemaId(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ODataPage<>) ? SchemaId(type.GetGenericArguments()[0]) + "Page"
        : type == typeof(TrainingDomain) ? "Domain"
        : type.Name;
}
