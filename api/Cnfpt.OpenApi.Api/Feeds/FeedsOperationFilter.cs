using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cnfpt.OpenApi.Api.Feeds;

/// <summary>
/// Completes the feed operations after the generic filters: the caching headers of a 200, what 304, 400 and 404 mean
/// here; no 406 (a feed is XML whatever the Accept header says). The conditional request headers are HTTP's own: the
/// operation's description names them, rather than parameters that SDK generators would turn into arguments.
/// </summary>
internal sealed class FeedsOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor is not ControllerActionDescriptor { ControllerTypeInfo: var type } || type.AsType() != typeof(FeedsController))
        {
            return;
        }

        operation.Responses ??= [];
        if (operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse)
        {
            okResponse.Description = "The feed, UTF-8 XML. Headers: `ETag` (strong, a hash of the body), `Last-Modified` (newest session change), `Cache-Control: public, max-age=300`.";
            okResponse.Headers ??= new Dictionary<string, IOpenApiHeader>();
            okResponse.Headers["ETag"] = ResponseHeader("Strong entity tag of this exact feed.");
            okResponse.Headers["Last-Modified"] = ResponseHeader("The newest change among the feed's sessions.");
            okResponse.Headers["Cache-Control"] = ResponseHeader("`public, max-age=300`.");
        }

        if (operation.Responses.TryGetValue("304", out var notModified) && notModified is OpenApiResponse notModifiedResponse)
        {
            notModifiedResponse.Description = "Not modified: the reader's copy (If-None-Match, or If-Modified-Since alone) is current. No body.";
        }

        if (operation.Responses.TryGetValue("400", out var badRequest) && badRequest is OpenApiResponse badRequestResponse)
        {
            badRequestResponse.Description = "A malformed or repeated parameter (code validation-failed) or an unknown one (code unknown-query-option); `errors` names it.";
        }

        if (operation.Responses.TryGetValue("404", out var notFound) && notFound is OpenApiResponse notFoundResponse)
        {
            notFoundResponse.Description = "No theme, délégation or région with this code or id (code not-found); `errors` names the parameter.";
        }

        operation.Responses.Remove("406");
    }

    private static OpenApiHeader ResponseHeader(string description) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
