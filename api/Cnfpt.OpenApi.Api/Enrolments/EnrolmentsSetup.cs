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
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<CnfptDbContext>();
            var printBatches = sp.GetRequiredService<PrintBatchService>();
            return new EnrolmentWorkflow(db, sp.GetRequiredService<TimeProvider>())
            {
                // A paper collectivité's AR joins today's print batch, in the enrolment's transaction.
                OnAcknowledged = (acknowledgement, _, cancellationToken) => printBatches.AttachIfPaperAsync(db, acknowledgement, cancellationToken),
                OnAcknowledgedMany = (acknowledged, cancellationToken) => printBatches.AttachIfPaperAsync(db, [.. acknowledged.Select(a => a.Acknowledgement)], cancellationToken),
            };
        });
        return services;
    }
}
