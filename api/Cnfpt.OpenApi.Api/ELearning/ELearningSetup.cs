using Cnfpt.OpenApi.Core.ELearning;

namespace Cnfpt.OpenApi.Api.ELearning;

internal static class ELearningSetup
{
    /// <summary>Progress reporting and programmes on the request's (tenant-scoped) DbContext.</summary>
    public static IServiceCollection AddCnfptELearning(this IServiceCollection services)
    {
        services.AddScoped<ProgressReporting>();
        services.AddScoped<Programmes>();
        return services;
    }
}
