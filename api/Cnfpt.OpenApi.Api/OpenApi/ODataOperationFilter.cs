using Cnfpt.OpenApi.Api.OData;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cnfpt.OpenApi.Api.OpenApi;

/// <summary>
/// Completes OData operations: stable operationIds (<c>Courses_List</c>, <c>Courses_Get</c>: the SDK's method
/// names), the query options each accepts, and the problem responses they can give.
/// </summary>
internal sealed class ODataOperationFilter : IOperationFilter
{
    private static readonly (string Name, string Description, JsonSchemaType Type)[] CollectionOptions =
    [
        ("$filter", "OData filter expression, e.g. `status eq 'OpenForEnrolment' and startDate ge 2026-10-01`.", JsonSchemaType.String),
        ("$orderby", "Comma-separated properties, each optionally followed by `asc` or `desc`.", JsonSchemaType.String),
        ("$select", "Comma-separated properties to return.", JsonSchemaType.String),
        ("$expand", "Navigation properties to embed, with nested options: `course($select=title)`. Depth ≤ 2.", JsonSchemaType.String),
        ("$top", $"Number of rows to return (≤ {CnfptQueryAttribute.MaxTopValue}), served in pages of {CnfptQueryAttribute.DefaultPageSize}.", JsonSchemaType.Integer),
        ("$skip", "Number of rows to skip.", JsonSchemaType.Integer),
        ("$count", "`true` to add the total number of matching rows as `@odata.count`.", JsonSchemaType.Boolean),
        ("$search", "Words to find in course codes, titles and descriptions, accent-insensitive; AND, OR, NOT, \"phrases\". Courses and Sessions only.", JsonSchemaType.String),
        ("$skiptoken", "Opaque continuation token: do not build it, follow `@odata.nextLink`.", JsonSchemaType.String),
    ];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor is not ControllerActionDescriptor action)
        {
            return;
        }

        var entitySet = action.ControllerName;
        var isCollection = context.ApiDescription.SupportedResponseTypes.Any(r => r.Type is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(ODataPage<>));
        operation.OperationId = action.ActionName == "Get" && isCollection ? $"{entitySet}_List" : $"{entitySet}_{action.ActionName}";
        operation.Parameters ??= [];
        var isOData = typeof(Microsoft.AspNetCore.OData.Routing.Controllers.ODataController).IsAssignableFrom(action.ControllerTypeInfo);
        var options = !isOData || context.ApiDescription.HttpMethod != "GET" ? []
            : isCollection ? CollectionOptions
            : CollectionOptions.Where(o => o.Name is "$select" or "$expand");
        foreach (var (name, description, type) in options)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Required = false,
                Description = description,
                Schema = new OpenApiSchema { Type = type },
            });
        }

        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        void AddProblem(int status, string description)
        {
            operation.Responses ??= [];
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = problem } },
            };
        }

        AddProblem(StatusCodes.Status400BadRequest, isOData && context.ApiDescription.HttpMethod == "GET"
            ? "Invalid query option (code invalid-query, top-too-large, query-too-complex, unknown-query-option)."
            : "Invalid request (code validation-failed; errors names the fields).");
        if (context.ApiDescription.ParameterDescriptions.Any(p => p.Name == "key"))
        {
            AddProblem(StatusCodes.Status404NotFound, "No entity with this key (code not-found).");
        }

        AddProblem(StatusCodes.Status406NotAcceptable, "The Accept header excludes application/json (code not-acceptable).");
        AddProblem(StatusCodes.Status429TooManyRequests, "Rate limit reached (code rate-limited): retry after Retry-After seconds.");

        var scope = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Auth.RequiresScopeAttribute>().LastOrDefault()?.Scope;
        if (scope is not null)
        {
            AddProblem(StatusCodes.Status401Unauthorized, "Missing, expired or revoked bearer token (code unauthorized).");
            AddProblem(StatusCodes.Status403Forbidden, $"The token lacks the scope {scope} (code insufficient-scope), or the collectivité is outside the caller's mandates (code not-mandated).");
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(OpenApiSetup.SecuritySchemeName, context.Document)] = [scope],
            });
        }
    }
}
