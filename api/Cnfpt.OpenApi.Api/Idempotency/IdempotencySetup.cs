using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cnfpt.OpenApi.Api.Idempotency;

internal static class IdempotencySetup
{
    /// <summary>
    /// <c>Idempotency-Key</c> on writes, kept in the database (table <c>idempotency_records</c>) so that every
    /// instance sees every key, and the hourly cleanup of expired keys. docs/idempotency.md.
    /// </summary>
    public static IServiceCollection AddCnfptIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdempotencyOptions>()
            .Bind(configuration.GetSection(IdempotencyOptions.Section))
            .Validate(o => o.IsValid(), "Idempotency: InProgressTimeout and CleanupInterval must be positive, Retention at least InProgressTimeout, CleanupBatchSize at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IdempotencyCleanup>();
        services.AddHostedService(s => s.GetRequiredService<IdempotencyCleanup>());
        return services;
    }

    /// <summary>
    /// After authorization: the caller is known (keys are kept per client id) and a request refused with
    /// 401/403 never claims a key; before the endpoint, which runs only for the first request under a key.
    /// </summary>
    public static WebApplication UseCnfptIdempotency(this WebApplication app)
    {
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }
}
