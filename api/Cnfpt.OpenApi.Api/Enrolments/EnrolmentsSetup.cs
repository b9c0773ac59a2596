using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Enrolments;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cnfpt.OpenApi.Api.Enrolments;

internal static class EnrolmentsSetup
{
    /// <summary>The enrolment workflow on the request's (tenant-scoped) DbContext.</summary>
    public static IServiceCollection AddCnfptEnrolments(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped(sp => new EnrolmentWorkflow(sp.GetRequiredService<CnfptDbContext>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
