using Cnfpt.OpenApi.Core.Needs;

namespace Cnfpt.OpenApi.Api.Needs;

internal static class NeedsSetup
{
    /// <summary>The needs workflow on the request's (tenant-scoped) DbContext; it schedules through the enrolment workflow.</summary>
    public static IServiceCollection AddCnfptNeeds(this IServiceCollection services)
    {
        services.AddScoped<NeedsWorkflow>();
        return services;
    }
}
