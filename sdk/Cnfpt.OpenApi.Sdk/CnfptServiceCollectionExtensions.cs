using System.Net;
using Cnfpt.OpenApi.Sdk;
using Cnfpt.OpenApi.Sdk.Attestations;
using Cnfpt.OpenApi.Sdk.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="CnfptClient"/> and its handler pipeline.</summary>
public static class CnfptServiceCollectionExtensions
{
    internal const string HttpClientName = "Cnfpt.OpenApi";
    internal const string TokenClientName = "Cnfpt.OpenApi.Token";

    /// <summary>
    /// Registers <see cref="CnfptClient"/>. The pipeline, outermost first: problem details to
    /// <see cref="CnfptProblemException"/>; an Idempotency-Key on each write (outside the retries, so that they reuse
    /// it); the standard resilience handler (retries with jitter on 408, 429, 5xx and network errors honouring
    /// Retry-After, circuit breaker, attempt and total timeouts); the bearer token; the deprecation warning.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The HttpClient builder, to add handlers (they run inside the retries) or set the primary handler.</returns>
    public static IHttpClientBuilder AddCnfptOpenApi(this IServiceCollection services, Action<CnfptClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new CnfptClientOptions();
        configure(options);
        return services.AddCnfptOpenApi(options);
    }

    internal static IHttpClientBuilder AddCnfptOpenApi(this IServiceCollection services, CnfptClientOptions options)
    {
        options.Validate();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        var token = services.AddHttpClient(TokenClientName, c => c.BaseAddress = options.BaseAddress)
            .AddHttpMessageHandler(() => new ProblemHandler());
        if (options.PrimaryHandler is { } tokenPrimary)
        {
            token.ConfigurePrimaryHttpMessageHandler(tokenPrimary);
        }

        services.TryAddSingleton(sp => new TokenCache(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(TokenClientName), options, sp.GetRequiredService<TimeProvider>()));

        // One key cache per container: every CnfptClient (transient) verifies with the keys fetched once.
        services.TryAddSingleton(sp => new AttestationKeyStore(options, sp.GetRequiredService<TimeProvider>()));
        var builder = services.AddHttpClient(HttpClientName, c =>
        {
            c.BaseAddress = options.BaseAddress;
            c.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler's timeouts apply instead
        });
        builder.AddTypedClient((http, sp) => new CnfptClient(http, options, sp.GetRequiredService<AttestationKeyStore>()));
        builder.AddHttpMessageHandler(() => new ProblemHandler());
        if (options.AutomaticIdempotencyKeys)
        {
            builder.AddHttpMessageHandler(() => new IdempotencyKeyHandler());
        }

        builder.AddStandardResilienceHandler(resilience =>
        {
            resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetries);
            resilience.Retry.Delay = options.RetryDelay;
            resilience.Retry.ShouldRetryAfterHeader = true;
            resilience.Retry.UseJitter = true;
            // Transient answers, plus 409 idempotency-in-progress: the first call under this key is still running,
            // Retry-After says when its answer will be there to replay.
            resilience.Retry.ShouldHandle = args => ValueTask.FromResult(
                options.MaxRetries > 0
                && (HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    || args.Outcome.Result is { StatusCode: HttpStatusCode.Conflict } conflict && conflict.Headers.RetryAfter is not null));
            resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
            resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
            resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.AttemptTimeout.Ticks * 2));
        });
        builder.AddHttpMessageHandler(sp => new AuthenticationHandler(sp.GetRequiredService<TokenCache>()));
        builder.AddHttpMessageHandler(sp => new ApiVersionHandler(sp.GetRequiredService<ILogger<CnfptClient>>()));
        if (options.PrimaryHandler is { } primary)
        {
            builder.ConfigurePrimaryHttpMessageHandler(primary);
        }

        return builder;
    }
}
