using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OData.Results;

namespace Cnfpt.OpenApi.Api.OpenApi;

/// <summary>
/// Makes the API explorer describe OData actions as clients see them. OData maps each action to several
/// equivalent routes (<c>Courses(1)</c> and <c>Courses/1</c>, <c>Courses(1)/sessions</c> and <c>Courses/1/sessions</c>, <c>Courses/$count</c>); only the canonical one is
/// documented. <c>IQueryable&lt;T&gt;</c> becomes the <see cref="ODataPage{T}"/> envelope and
/// <c>SingleResult&lt;T&gt;</c> becomes <c>T</c>.
/// </summary>
internal sealed class ODataApiDescriptionProvider : IApiDescriptionProvider
{
    // After the default provider (order -1000), which fills the descriptions this one rewrites.
    public int Order => 0;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var aliases = context.Results
            .Where(d => d.RelativePath is { } path && (path.Contains("$count", StringComparison.Ordinal) || path.EndsWith("/{key}", StringComparison.Ordinal) || path.Contains("/{key}/", StringComparison.Ordinal)))
            .ToList();
        foreach (var alias in aliases)
        {
            context.Results.Remove(alias);
        }

        foreach (var description in context.Results)
        {
            if (description.ActionDescriptor is not ControllerActionDescriptor action)
            {
                continue;
            }

            var returned = action.MethodInfo.ReturnType;
            var responseType = returned.IsGenericType && returned.GetGenericTypeDefinition() == typeof(IQueryable<>)
                ? typeof(ODataPage<>).MakeGenericType(returned.GetGenericArguments()[0])
                : returned.IsGenericType && returned.GetGenericTypeDefinition() == typeof(SingleResult<>)
                    ? returned.GetGenericArguments()[0]
                    : null;
            if (responseType is null)
            {
                continue;
            }

            description.SupportedResponseTypes.Clear();
            var ok = new ApiResponseType { StatusCode = StatusCodes.Status200OK, Type = responseType, ModelMetadata = null };
            ok.ApiResponseFormats.Add(new ApiResponseFormat { MediaType = "application/json" });
            description.SupportedResponseTypes.Add(ok);
        }
    }
}
