using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cnfpt.OpenApi.Bench;

/// <summary>
/// The real API (its Program.cs, middleware, OData, EF Core) on real Kestrel bound to 127.0.0.1, plus the
/// baseline endpoint <see cref="RawSessionsEndpoint"/>, compiled only into this host. One process, one
/// database, one pool budget: the two endpoints differ only in what runs between Kestrel and Npgsql.
/// </summary>
internal sealed class BenchApiFactory : WebApplicationFactory<Program>
{
    private readonly string _connectionString;

    public BenchApiFactory(string connectionString)
    {
        _connectionString = connectionString;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The address Kestrel listens on, known once <c>StartServer()</c> has returned.</summary>
    public Uri ServerAddress =>
        new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());

    /// <summary>
    /// WebApplicationFactory looks for its content-root manifest in the current directory, which is the
    /// repository root under ./build.sh bench; the API's appsettings.json is copied next to this dll.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.UseContentRoot(AppContext.BaseDirectory);
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Cnfpt", _connectionString);
        builder.UseSetting("Database:Migrate", "true");
        builder.UseSetting("Database:Seed", "false");
        // A throwaway instance: ephemeral token-signing keys, plain HTTP on loopback, no demo OAuth clients
        // (the catalogue is anonymous).
        builder.UseSetting("Auth:EphemeralKeys", "true");
        builder.UseSetting("Auth:RequireHttps", "false");
        builder.UseSetting("Hardening:EnforceHttps", "false"); // plain HTTP on 127.0.0.1: no redirect middleware in the measured path
        builder.UseSetting("Auth:DemoClients", "false");
        // Rate limiting stays in the measured path, with a read budget no benchmark exhausts (300/min by default).
        builder.UseSetting("RateLimiting:AnonymousRead", "1000000000");
        builder.UseSetting("RateLimiting:AuthenticatedRead", "1000000000");
        builder.ConfigureLogging(logging => logging.AddFilter(null, LogLevel.Warning));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(_ => NpgsqlDataSource.Create(_connectionString));
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
