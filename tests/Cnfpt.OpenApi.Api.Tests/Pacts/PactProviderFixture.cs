using System.Net.Http.Headers;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Api.Tests.Security;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Statistics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Pacts;

/// <summary>
/// A seeded PostgreSQL database with its statistics cube, the API on Kestrel with the provider-state endpoint,
/// and a vendor (an HR suite) mandated by collectivité 30, whose bearer token the verifier adds to every
/// replayed request: pacts hold no credentials.
/// </summary>
public sealed class PactProviderFixture : IAsyncLifetime
{
    public const string Vendor = "pact-vendor-30";
    public const int Collectivite = 30;
    private const string Secret = "pact-secret-0123456789";

    public string ConnectionString { get; private set; } = "";

    public ProviderStates States { get; private set; } = null!;

    public PactProviderHost Host { get; private set; } = null!;


    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync("cnfpt_pacts", seed: true);
        await using (var db = TestDatabase.NewContext(ConnectionString, TenantScope.All))
        {
            _ = await StatisticsCubeBuilder.BuildAsync(db, 11, TestDatabase.Seed.ReferenceDate);
            db.Mandates.Add(new Mandate { ClientId = Vendor, CollectiviteId = Collectivite, StartsOn = new DateOnly(2026, 1, 1), GrantedAt = DateTimeOffset.UtcNow, GrantedBy = "test" });
            await db.SaveChangesAsync();
        }

        States = new ProviderStates(ConnectionString, Vendor, Collectivite);
        Host = await StartAsync();
        await TestClients.RegisterAsync(Host.Services, Secret, (Vendor, "HR suite (Pact)", CallerKind.Vendor, null));
    }

    /// <summary>A bearer token of the vendor, issued by <paramref name="host"/> (tokens name their issuer's address).</summary>
    public static async Task<AuthenticationHeaderValue> BearerAsync(PactProviderHost host)
    {
        using var http = new HttpClient { BaseAddress = host.ServerAddress };
        return new AuthenticationHeaderValue("Bearer", await SecurityFixture.TokenAsync(http, Vendor, secret: Secret));
    }

    /// <summary>Another API on the same database, with <paramref name="alteration"/> in front of its pipeline.</summary>
    public Task<PactProviderHost> StartAsync(Func<RequestDelegate, RequestDelegate>? alteration = null)
    {
        var host = new PactProviderHost(ConnectionString, States, alteration);
        host.StartServer();
        return Task.FromResult(host);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await TestDatabase.DropAsync(ConnectionString);
    }
}
