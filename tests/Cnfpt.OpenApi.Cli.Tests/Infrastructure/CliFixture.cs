using System.Diagnostics;
using System.Net;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Sdk.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Db = Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Cli.Tests.Infrastructure;

/// <summary>
/// The real API on Kestrel (127.0.0.1) over a seeded PostgreSQL database, with collectivité 30's IT client; the CLI
/// runs as a separate process against its URL with CNFPT_* variables, as in a script.
/// </summary>
public sealed class CliFixture : IAsyncLifetime
{
    public const int Collectivite = 30;
    public const string It = "cli-it-30";
    public const string Secret = "cli-secret-0123456789abcdef";

    private string _connectionString = "";
    private int _nextReference;

    public KestrelApi Api { get; private set; } = null!;

    public string Siren { get; private set; } = "";

    public string Work { get; } = Directory.CreateTempSubdirectory("cnfpt-cli-").FullName;

    public CnfptDbContext NewDbContext() => TestDatabase.NewContext(_connectionString, TenantScope.All);

    public string ConnectionString => _connectionString;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("cnfpt_cli", seed: true);
        Api = new KestrelApi(_connectionString);
        Api.StartServer();
        await TestClients.RegisterAsync(Api.Services, Secret, (It, "IT 30", CallerKind.Collectivite, Collectivite));

        await using var db = NewDbContext();
        Siren = await db.Collectivites.Where(c => c.Id == Collectivite).Select(c => c.Siren).SingleAsync();
    }

    /// <summary>Runs <c>cnfpt ARGS</c> against the API as collectivité 30's IT.</summary>
    public Task<(int ExitCode, string Output, string Error)> CnfptAsync(params string[] arguments) =>
        SandboxServer.RunAsync(SandboxServer.Built("sdk/Cnfpt.OpenApi.Cli", "cnfpt"), arguments, Work, Environment());

    public Dictionary<string, string> Environment() => new()
    {
        ["CNFPT_URL"] = Api.Url.ToString(),
        ["CNFPT_CLIENT_ID"] = It,
        ["CNFPT_CLIENT_SECRET"] = Secret,
        ["CNFPT_CONFIG_DIR"] = Path.Combine(Work, "config"),
    };

    public async Task<Db.Session> NewSessionAsync(int capacity)
    {
        await using var db = NewDbContext();
        var course = db.Courses.OrderBy(c => c.Id).First(c => c.TargetCategories == Db.TargetCategories.All);
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(45);
        var session = new Db.Session
        {
            CourseId = course.Id, DelegationId = 1, CommuneCode = "59350", Venue = "Salle CLI", StartDate = start,
            EndDate = start.AddDays(1), Capacity = capacity, Status = Db.SessionStatus.OpenForEnrolment,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session;
    }

    public async Task<List<Db.Agent>> NewAgentsAsync(int count)
    {
        await using var db = NewDbContext();
        var agents = Enumerable.Range(0, count).Select(_ => new Db.Agent
        {
            CollectiviteId = Collectivite, EmployerReference = $"CLIDB{Interlocked.Increment(ref _nextReference):00000}",
            LastName = "Test", FirstName = "Agent", Category = Db.AgentCategory.C, Status = Db.AgentStatus.Titulaire,
            CadreEmplois = "Adjoint administratif territorial", AppointmentDate = new DateOnly(2020, 1, 1),
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.Agents.AddRange(agents);
        await db.SaveChangesAsync();
        return agents;
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
        Directory.Delete(Work, recursive: true);
    }
}

/// <summary>The API on Kestrel bound to 127.0.0.1 (a real port, for processes), rate limiter off.</summary>
public sealed class KestrelApi : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
{
    private readonly string _connectionString;

    public KestrelApi(string connectionString)
    {
        _connectionString = connectionString;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public Uri Url => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/");

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
    }
}
