using Microsoft.AspNetCore.OData.Query;
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
    /// <summary>Each query option with the flag that allows it on an action's query attribute.</summary>
    private static (string Name, AllowedQueryOptions Flag, string Description, JsonSchemaType Type)[] Options(EnableQueryAttribute query) =>
    [
        ("$filter", AllowedQueryOptions.Filter, "OData filter expression, e.g. `status eq 'OpenForEnrolment' and startDate ge 2026-10-01`.", JsonSchemaType.String),
        ("$apply", AllowedQueryOptions.Apply, "Aggregation: `filter(…)`, `groupby((…), aggregate(…))`; see docs/statistics.md.", JsonSchemaType.String),
        ("$orderby", AllowedQueryOptions.OrderBy, "Comma-separated properties, each optionally followed by `asc` or `desc`.", JsonSchemaType.String),
        ("$select", AllowedQueryOptions.Select, "Comma-separated properties to return.", JsonSchemaType.String),
        ("$expand", AllowedQueryOptions.Expand, $"Navigation properties to embed, with nested options: `course($select=title)`. Depth ≤ {query.MaxExpansionDepth}.", JsonSchemaType.String),
        ("$top", AllowedQueryOptions.Top, $"Number of rows to return (≤ {query.MaxTop}), served in pages of {query.PageSize}.", JsonSchemaType.Integer),
        ("$skip", AllowedQueryOptions.Skip, "Number of rows to skip.", JsonSchemaType.Integer),
        ("$count", AllowedQueryOptions.Count, "`true` to add the total number of matching rows as `@odata.count`.", JsonSchemaType.Boolean),
        ("$search", AllowedQueryOptions.Search, "Words to find in course codes, titles and descriptions, accent-insensitive; AND, OR, NOT, \"phrases\". Courses and Sessions only.", JsonSchemaType.String),
        ("$format", AllowedQueryOptions.Format, "`json` (default) or, where offered, `csv`.", JsonSchemaType.String),
        ("$skiptoken", AllowedQueryOptions.SkipToken, "Opaque continuation token: do not build it, follow `@odata.nextLink`.", JsonSchemaType.String),
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
        // The options the action's own query attribute allows, with its own limits.
        var query = action.MethodInfo.GetCustomAttributes(inherit: true).OfType<EnableQueryAttribute>().FirstOrDefault();
        var options = !isOData || query is null || context.ApiDescription.HttpMethod != "GET" ? []
            : Options(query).Where(o => query.AllowedQueryOptions.HasFlag(o.Flag) && (isCollection || o.Name is "$select" or "$expand"));
        foreach (var (name, _, description, type) in options)
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
        var anonymous = scope is null && context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
        // The description says who may call, in words; the contract lint (contracts/.spectral.yaml) requires one.
        var access = scope is not null ? $"Needs a bearer token with the scope `{scope}`."
            : anonymous ? "Public: no token needed."
            : null;
        operation.Description = string.Join(" ", new[] { operation.Summary, access }.Where(s => !string.IsNullOrEmpty(s)));
        if (anonymous)
        {
            // The explicit marker the lint accepts instead of a security requirement: public on purpose.
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-anonymous"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(true));
        }

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
