using Cnfpt.OpenApi.Bench.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cnfpt.OpenApi.Bench;

/// <summary>
/// The real API on Kestrel (<see cref="BenchHost"/>) plus the baseline endpoint <see cref="RawSessionsEndpoint"/>,
/// compiled only into this host. One process, one database, one pool budget: the two endpoints differ only in
/// what runs between Kestrel and Npgsql.
/// </summary>
internal sealed class BenchApiFactory(string connectionString) : BenchHost(connectionString)
{
    protected override void ConfigureBench(IWebHostBuilder builder)
    {
        // Rate limiting stays in the measured path, with a read budget no benchmark exhausts (300/min by default).
        builder.UseSetting("RateLimiting:AnonymousRead", "1000000000");
        builder.UseSetting("RateLimiting:AuthenticatedRead", "1000000000");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(_ => NpgsqlDataSource.Create(ConnectionString));
            services.AddSingleton<IStartupFilter, RawSessionsStartupFilter>();
        });
    }

    /// <summary>Maps the baseline ahead of the API's own pipeline (IStartupFilters run before Program.cs's middleware).</summary>
    private sealed class RawSessionsStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var dataSource = app.ApplicationServices.GetRequiredService<NpgsqlDataSource>();
            app.Map(RawSessionsEndpoint.Path, branch => branch.Run(context => RawSessionsEndpoint.WriteAsync(context, dataSource)));
            next(app);
        };
    }
}
