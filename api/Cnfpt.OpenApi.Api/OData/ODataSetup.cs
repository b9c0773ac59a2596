using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.Versioning;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.OData.UriParser;

namespace Cnfpt.OpenApi.Api.OData;

internal static class ODataSetup
{
    /// <summary>MVC controllers with one OData route component (prefix + EDM) per API version.</summary>
    public static IServiceCollection AddCnfptOData(this IServiceCollection services)
    {
        services
            .AddControllers(options =>
            {
                options.Filters.Add<ProblemFilter>();
                // Answer 406 instead of silently falling back to JSON for an Accept we cannot honour.
                options.ReturnHttpNotAcceptable = true;
                // The service document and $metadata describe the API to anyone, like the catalogue.
                options.Conventions.Add(new AnonymousMetadataConvention());
            })
            .AddOData(options =>
            {
                options.Select().Filter().OrderBy().Expand().Count().SetMaxTop(CnfptQueryAttribute.MaxTopValue).SkipToken();
                // Without this OData reads DateTime literals as local time.
                options.TimeZone = TimeZoneInfo.Utc;
                // Actions are PascalCase (GetSessions), EDM names lowerCamelCase (sessions).
                options.RouteOptions.EnablePropertyNameCaseInsensitive = true;
                // One prefix and EDM per version; controllers without [ODataRouteComponent] serve both.
                options.AddRouteComponents(EdmV1.Prefix, EdmV1.Build(), RouteServices);
                options.AddRouteComponents(EdmV2.Prefix, EdmV2.Build(), RouteServices);
            });
        return services;
    }

    private sealed class AnonymousMetadataConvention : Microsoft.AspNetCore.Mvc.ApplicationModels.IControllerModelConvention
    {
        public void Apply(Microsoft.AspNetCore.Mvc.ApplicationModels.ControllerModel controller)
        {
            if (controller.ControllerType == typeof(Microsoft.AspNetCore.OData.Routing.Controllers.MetadataController))
            {
                foreach (var selector in controller.Actions.SelectMany(a => a.Selectors))
                {
                    selector.EndpointMetadata.Add(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());
                }
            }
        }
    }

    private static void RouteServices(IServiceCollection services)
    {
        services.AddSingleton<ISearchBinder, CatalogueSearchBinder>();
        services.AddSingleton<IFilterBinder, DateOnlyFilterBinder>();
        // Lets clients write enum literals as plain strings: $filter=modality eq 'Presentiel'.
        services.AddSingleton<ODataUriResolver>(new StringAsEnumResolver { EnableCaseInsensitive = true });
        // POST /v1/$batch: bulk enrolment, atomicity groups in one transaction (Batch/CnfptBatchHandler.cs).
        Batch.CnfptBatchHandler.Register(services);
    }
}
