using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cnfpt.OpenApi.Api.Enrolments;

internal static class DocumentsSetup
{
    /// <summary>Accusés de réception as PDF and the paper print batches.</summary>
    public static IServiceCollection AddCnfptDocuments(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<PrintBatchService>();
        return services;
    }
}
