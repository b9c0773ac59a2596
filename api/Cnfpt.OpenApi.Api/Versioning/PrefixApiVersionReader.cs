using Asp.Versioning;

namespace Cnfpt.OpenApi.Api.Versioning;

/// <summary>
/// Reads the API version from the URL prefix (<c>/v1/…</c>, <c>/v2/…</c>). Asp.Versioning's own URL reader
/// needs a <c>{version:apiVersion}</c> route parameter, which OData's route templates do not have.
/// </summary>
internal sealed class PrefixApiVersionReader : IApiVersionReader
{
    public IReadOnlyList<string> Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiVersions.FromPath(request.Path, out _) is { } version ? [version.ToString()] : [];
    }

    public void AddParameters(IApiVersionParameterDescriptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AddParameter("version", ApiVersionParameterLocation.Path);
    }
}
