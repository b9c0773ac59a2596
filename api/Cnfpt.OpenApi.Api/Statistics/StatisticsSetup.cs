using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Statistics;

namespace Cnfpt.OpenApi.Api.Statistics;

/// <summary>Settings of the "Statistics" configuration section.</summary>
public sealed class StatisticsOptions
{
    /// <summary>Threshold of the secret statistique: a cell with fewer distinct agents is suppressed (INSEE's 11 by default).</summary>
    public int K { get; set; } = 11;
}

internal static partial class StatisticsSetup
{
    public static IServiceCollection AddCnfptStatistics(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StatisticsOptions>(configuration.GetSection("Statistics"));
        return services;
    }

    /// <summary>Builds the published cube from the data just seeded (docs/statistics-method.md).</summary>
    public static async Task BuildStatisticsAsync(this WebApplication app, CnfptDbContext db)
    {
        var options = app.Configuration.GetSection("Statistics").Get<StatisticsOptions>() ?? new StatisticsOptions();
        var release = await StatisticsCubeBuilder.BuildAsync(db, options.K, DateOnly.FromDateTime(DateTime.UtcNow));
        Built(app.Logger, release.Cells, release.PrimarySuppressed, release.SecondarySuppressed, release.K, release.BuildMilliseconds);
    }

    [LoggerMessage(400, LogLevel.Information, "Statistics cube built: {Cells} cells, {Primary} suppressed under k = {K}, {Secondary} more against differencing, in {Milliseconds} ms")]
    private static partial void Built(ILogger logger, int cells, int primary, int secondary, int k, long milliseconds);
}
