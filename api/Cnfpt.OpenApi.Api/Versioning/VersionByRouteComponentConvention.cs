using Asp.Versioning;
using Asp.Versioning.Conventions;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.OData.Routing.Attributes;
using Microsoft.AspNetCore.OData.Routing.Controllers;

namespace Cnfpt.OpenApi.Api.Versioning;

/// <summary>
/// Gives every controller its API versions without attributes. An OData controller pinned to one route component
/// (<c>[ODataRouteComponent("v2")]</c>) serves that version only; an OData controller without the attribute is
/// mapped under every prefix by AspNetCoreOData and so serves every version. Other controllers (token, client
/// administration) and OData's own <c>$metadata</c> controller live outside the versions: version-neutral.
/// </summary>
internal sealed class VersionByRouteComponentConvention : IControllerConvention
{
    public bool Apply(IControllerConventionBuilder builder, ControllerModel controller)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(controller);
        var type = controller.ControllerType;
        if (!typeof(ODataController).IsAssignableFrom(type) || type == typeof(MetadataController))
        {
            builder.IsApiVersionNeutral();
            return true;
        }

        var prefix = type.GetCustomAttributes(typeof(ODataRouteComponentAttribute), inherit: true)
            .OfType<ODataRouteComponentAttribute>().FirstOrDefault()?.RoutePrefix;
        foreach (var version in ApiVersions.Supported.Where(v => prefix is null || ApiVersions.Prefix(v) == prefix))
        {
            if (ApiVersions.Deprecated.Contains(version))
            {
                builder.HasDeprecatedApiVersion(version);
            }
            else
            {
                builder.HasApiVersion(version);
            }
        }

        return true;
    }
}
