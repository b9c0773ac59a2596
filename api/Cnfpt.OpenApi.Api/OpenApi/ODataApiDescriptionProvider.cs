using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OData.Results;

namespace Cnfpt.OpenApi.Api.OpenApi;

/// <summary>
/// Makes the API explorer describe OData actions as clients see them. OData maps each action to several
/// equivalent routes (<c>Courses(1)</c> and <c>Courses/1</c>, <c>Courses(1)/sessions</c> and <c>Courses/1/sessions</c>, <c>Courses/$count</c>,
/// <c>Enrolments(1)/Cancel</c> and <c>Enrolments(1)/Cnfpt.OpenApi.V1.Cancel</c>); only the canonical one is
/// documented, so that each operation has one path and one operationId (the OpenAPI rule the SDK relies on).
/// The <c>key</c> of a bound action (<c>[FromODataUri]</c>) is a path parameter, as it is for reads. <c>IQueryable&lt;T&gt;</c> becomes the <see cref="ODataPage{T}"/> envelope and
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
            .Where(d => d.RelativePath is { } path && (path.Contains("$count", StringComparison.Ordinal) || path.EndsWith("/{key}", StringComparison.Ordinal) || path.Contains("/{key}/", StringComparison.Ordinal)
                || path.Contains("/Cnfpt.OpenApi.V", StringComparison.Ordinal)))
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

            // Function parameters sit in the path (Perimetres({key})/Plan(year={year})) but bind [FromODataUri],
            // which the explorer would describe as a query parameter.
            foreach (var parameter in description.ParameterDescriptions)
            {
                if (parameter.Source != BindingSource.Path && description.RelativePath?.Contains("={" + parameter.Name + "}", StringComparison.Ordinal) == true)
                {
                    parameter.Source = BindingSource.Path;
                    parameter.IsRequired = true;
                }
            }

            if (description.RelativePath?.Contains("{key}", StringComparison.Ordinal) == true)
            {
                foreach (var key in description.ParameterDescriptions.Where(p => p.Name == "key"))
                {
                    key.Source = Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Path;
                    key.IsRequired = true;
                }
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
