using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cnfpt.OpenApi.Api.RateLimiting;

internal static class RateLimitingSetup
{
    /// <summary>
    /// ASP.NET Core's rate limiter with one global, partitioned limiter (<see cref="RateLimitBudgets"/>):
    /// budgets per caller and category, RateLimit headers on every response, 429 problems. In memory, per
    /// instance: docs/rate-limits.md says what that means behind a load balancer.
    /// </summary>
    public static IServiceCollection AddCnfptRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>()
            .Bind(configuration.GetSection(RateLimitingOptions.Section))
            .Validate(o => o.IsValid(), "RateLimiting: WindowSeconds must be 1 to 86400 and every budget at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RateLimitBudgets>();
        services.AddRateLimiter();
        services.AddOptions<RateLimiterOptions>().Configure<RateLimitBudgets>((options, budgets) =>
        {
            options.GlobalLimiter = budgets.Limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = budgets.RejectAsync;
        });
        return services;
    }

    /// <summary>
    /// The limiter, then the step that reads the remaining budget and schedules the RateLimit headers.
    /// Callers are identified when the limiter runs: placed after authentication, it counts per client id.
    /// </summary>
    /// <summary>
    /// Requests without a bearer token (anonymous reads, and /connect/token whose client OpenIddict checks inside
    /// authentication): limited per IP before authentication, so that failed client authentications are limited
    /// before they reach the database.
    /// </summary>
    public static bool WithoutBearer(HttpContext context) => !HasBearer(context);

    /// <summary>Requests with a bearer token: limited after authentication, per client id.</summary>
    public static bool WithBearer(HttpContext context) => HasBearer(context);

    /// <summary>Adds the limiter (and its headers) for the requests <paramref name="applies"/> selects.</summary>
    public static IApplicationBuilder UseCnfptRateLimiting(this IApplicationBuilder app, Func<HttpContext, bool> applies)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled)
        {
            return app;
        }

        var budgets = app.ApplicationServices.GetRequiredService<RateLimitBudgets>();
        return app.UseWhen(applies, branch =>
        {
            branch.UseRateLimiter();
            branch.Use((context, next) =>
            {
                budgets.OnAdmitted(context);
                return next(context);
            });
        });
    }

    private static bool HasBearer(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
