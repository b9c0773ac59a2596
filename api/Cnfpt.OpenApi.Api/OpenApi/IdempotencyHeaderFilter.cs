using System.Globalization;
using Cnfpt.OpenApi.Api.Idempotency;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cnfpt.OpenApi.Api.OpenApi;

/// <summary>
/// Documents <c>Idempotency-Key</c> on every authenticated write (POST, PUT, PATCH, DELETE): the optional
/// header and the problems it can give (400 invalid key, 409 still running, 422 key reused). SDK generators
/// then offer the header on each write method.
/// </summary>
internal sealed class IdempotencyHeaderFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var api = context.ApiDescription;
        if (api.HttpMethod is null || !IdempotencyMiddleware.IsWrite(api.HttpMethod)
            || api.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
        {
            return; // anonymous writes (the token endpoint) ignore the header
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyMiddleware.KeyHeader,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Recommended: a unique value per operation (a UUID). A retry with the same key and the same request "
                + "replays the first answer with `Idempotent-Replayed: true` instead of writing twice; keys are kept 24 h per client. "
                + "See docs/idempotency.md.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MinLength = 1,
                MaxLength = IdempotencyMiddleware.MaxKeyLength,
                Pattern = "^[!-~]+$",
            },
        });

        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses ??= [];
        void AddProblem(int status, string description)
        {
            var code = status.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses.TryGetValue(code, out var existing) && existing is OpenApiResponse response)
            {
                response.Description = $"{response.Description} Or: {description}";
                return;
            }

            operation.Responses[code] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = problem } },
            };
        }

        AddProblem(StatusCodes.Status400BadRequest, "Idempotency-Key is not 1 to 255 visible ASCII characters (code invalid-idempotency-key).");
        AddProblem(StatusCodes.Status409Conflict, "A request with this Idempotency-Key is still running (code idempotency-in-progress): retry after Retry-After seconds.");
        AddProblem(StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was used with another request (code idempotency-key-reused): use a new key.");
    }
}
