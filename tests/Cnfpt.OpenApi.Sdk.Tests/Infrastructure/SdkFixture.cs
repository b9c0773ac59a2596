using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Sdk;
using Microsoft.Extensions.DependencyInjection;
using Db = Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Sdk.Tests.Infrastructure;

/// <summary>
/// The real API (in-process, every middleware) on a seeded PostgreSQL database, with collectivité 30's IT client;
/// SDK clients talk to it through the test server's handler, optionally wrapped by a test handler (fault injection,
/// request log) that sits inside the SDK's retries.
/// </summary>
public sealed class SdkFixture : IAsyncLifetime
{
    public const int Collectivite = 30;
    public const string It = "sdk-it-30";
    public const string Secret = "sdk-secret-0123456789abcdef";

    private string _connectionString = "";
    private int _nextReference;

    public ApiFactory Api { get; private set; } = null!;

    public CnfptDbContext NewDbContext() => TestDatabase.NewContext(_connectionString, TenantScope.All);

    public string ConnectionString => _connectionString;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("cnfpt_sdk", seed: true);
        Api = new ApiFactory(_connectionString, new Dictionary<string, string?> { ["RateLimiting:Enabled"] = "false" });
        await RegisterClientsAsync(Api);
    }

    public static Task RegisterClientsAsync(ApiFactory api) =>
        TestClients.RegisterAsync(api.Services, Secret, (It, "IT 30", Cnfpt.OpenApi.Api.Auth.CallerKind.Collectivite, Collectivite));

    /// <summary>An SDK client for collectivité 30's IT (or anonymous), with short retry delays; <paramref name="wrap"/> adds a handler inside the retries.</summary>
    public CnfptClient Client(bool anonymous = false, Func<HttpMessageHandler, HttpMessageHandler>? wrap = null, ApiFactory? api = null)
    {
        api ??= Api;
        return new CnfptClient(new CnfptClientOptions
        {
            BaseAddress = api.Server.BaseAddress,
            ClientId = anonymous ? null : It,
            ClientSecret = anonymous ? null : Secret,
            RetryDelay = TimeSpan.FromMilliseconds(50),
            // Generous: on a loaded CI machine a $batch of 100 can take longer than the 30 s default, and a timed-out
            // attempt would be retried (correctly, with its key) but would change the attempt counts the tests check.
            AttemptTimeout = TimeSpan.FromMinutes(2),
            TotalTimeout = TimeSpan.FromMinutes(6),
            PrimaryHandler = () => wrap is null ? api.Server.CreateHandler() : wrap(api.Server.CreateHandler()),
        });
    }

    public async Task<Db.Session> NewSessionAsync(int capacity, int startsInDays = 30)
    {
        await using var db = NewDbContext();
        var course = db.Courses.OrderBy(c => c.Id).First(c => c.TargetCategories == Db.TargetCategories.All);
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(startsInDays);
        var session = new Db.Session
        {
            CourseId = course.Id, DelegationId = 1, CommuneCode = "59350", Venue = "Salle SDK", StartDate = start,
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
            CollectiviteId = Collectivite,
            EmployerReference = $"SDK{Interlocked.Increment(ref _nextReference):00000}",
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
    }
}

[CollectionDefinition(Name)]
public sealed class SdkCollection : ICollectionFixture<SdkFixture>
{
    public const string Name = "SDK against the API on PostgreSQL";
}
