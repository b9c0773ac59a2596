using Asp.Versioning;
using Cnfpt.OpenApi.Api.Errors;

namespace Cnfpt.OpenApi.Api.Versioning;

/// <summary>
/// API versions: Asp.Versioning.Mvc gives every controller its versions (by convention, no attributes), reads the
/// version from the URL prefix and reports it on MVC responses with the deprecation and sunset policies of v1.
/// <see cref="LifecycleHeadersMiddleware"/> puts the same headers on the responses MVC never sees ($batch,
/// unknown paths, authentication and rate-limit failures) and answers 404 for a version that does not exist.
/// docs/versioning.md is the policy.
/// </summary>
internal static class VersioningSetup
{
    public static IServiceCollection AddCnfptVersioning(this IServiceCollection services)
    {
        services
            .AddApiVersioning(options =>
            {
                options.ApiVersionReader = new PrefixApiVersionReader();
                // Paths outside the versions (/connect/token, /admin/clients, /swagger) name no version.
                options.AssumeDefaultVersionWhenUnspecified = true;
                options.DefaultApiVersion = ApiVersions.V2;
                options.ReportApiVersions = true;
                // Relative to the API's root: Asp.Versioning writes it as </docs/migration-v1-v2.md>.
                var guide = new Uri(ApiVersions.MigrationGuidePath.TrimStart('/'), UriKind.Relative);
                options.Policies.Deprecate(ApiVersions.V1)
                    .Effective(ApiVersions.V1DeprecatedOn)
                    .Link(guide).Title("Migrating from v1 to v2").Type("text/markdown");
                options.Policies.Sunset(ApiVersions.V1)
                    .Effective(ApiVersions.V1SunsetOn)
                    .Link(guide).Title("Migrating from v1 to v2").Type("text/markdown");
            })
            .AddMvc(options => options.Conventions.Add(new VersionByRouteComponentConvention()));
        // Asp.Versioning applies to [ApiController]s only, unless told that OData controllers are APIs too.
        services.AddSingleton<Asp.Versioning.ApplicationModels.IApiControllerSpecification, ODataControllerSpecification>();
        return services;
    }

    public static WebApplication UseCnfptVersioning(this WebApplication app)
    {
        app.UseMiddleware<LifecycleHeadersMiddleware>();
        // The guide the Link header of v1 points at, served from the copy embedded at build time.
        app.MapGet(ApiVersions.MigrationGuidePath, () => Results.Text(MigrationGuide.Value, "text/markdown; charset=utf-8"))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static readonly Lazy<string> MigrationGuide = new(() =>
    {
        using var stream = typeof(VersioningSetup).Assembly.GetManifestResourceStream("migration-v1-v2.md")
            ?? throw new InvalidOperationException("docs/migration-v1-v2.md is not embedded in the API assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private sealed class ODataControllerSpecification : Asp.Versioning.ApplicationModels.IApiControllerSpecification
    {
        public bool IsSatisfiedBy(Microsoft.AspNetCore.Mvc.ApplicationModels.ControllerModel controller) =>
            typeof(Microsoft.AspNetCore.OData.Routing.Controllers.ODataController).IsAssignableFrom(controller?.ControllerType);
    }
}
