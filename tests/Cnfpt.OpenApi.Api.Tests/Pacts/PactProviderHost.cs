using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cnfpt.OpenApi.Api.Tests.Pacts;

/// <summary>
/// The real API (Program.cs, every middleware) on real Kestrel at 127.0.0.1 and a free port, for the Pact
/// verifier, plus the one thing production never has: the provider-state endpoint
/// <see cref="ProviderStates.Path"/>, added here by a startup filter in front of the pipeline. Program.cs knows
/// nothing of it. <paramref name="alteration"/> lets the gate test break the provider on purpose.
/// </summary>
public sealed class PactProviderHost : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly ProviderStates _states;
    private readonly Func<RequestDelegate, RequestDelegate>? _alteration;

    public PactProviderHost(string connectionString, ProviderStates states, Func<RequestDelegate, RequestDelegate>? alteration = null)
    {
        _connectionString = connectionString;
        _states = states;
        _alteration = alteration;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The address Kestrel listens on (after <c>StartServer()</c>).</summary>
    public Uri ServerAddress =>
        new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Cnfpt", _connectionString);
        builder.UseSetting("Database:Migrate", "false");
        builder.UseSetting("Database:Seed", "false");
        builder.UseSetting("Auth:EphemeralKeys", "true");
        builder.UseSetting("Attestations:EphemeralKeys", "true");
        builder.UseSetting("Auth:RequireHttps", "false");
        builder.UseSetting("Auth:DemoClients", "false");
        builder.UseSetting("Hardening:EnforceHttps", "false");
        builder.UseSetting("RateLimiting:Enabled", "false");
        builder.ConfigureLogging(logging => logging.ClearProviders());
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new VerificationOnlyEndpoints(_states, _alteration)));
    }

    private sealed class VerificationOnlyEndpoints(ProviderStates states, Func<RequestDelegate, RequestDelegate>? alteration) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(ProviderStates.Path, branch => branch.Run(states.HandleAsync));
            if (alteration is not null)
            {
                app.Use(alteration);
            }

            next(app);
        };
    }
}
