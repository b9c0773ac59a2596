using System.Net.Http.Json;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Enrolments;

/// <summary>
/// A seeded database and the API, with collectivité 30's IT, a vendor acting for 30, another vendor acting
/// for 31, and the back office; helpers create fresh sessions and agents so that each test owns its data.
/// </summary>
public sealed class EnrolmentFixture : IAsyncLifetime
{
    public const int Collectivite = 30;
    public const int OtherCollectivite = 31;
    public const string It = "enrol-it-30";
    public const string Vendor = "enrol-vendor-30";
    public const string OtherVendor = "enrol-vendor-31";
    public const string BackOffice = "enrol-backoffice";

    private string _connectionString = "";
    private int _nextReference;

    public ApiFactory Api { get; private set; } = null!;

    public CnfptDbContext NewDbContext() => TestDatabase.NewContext(_connectionString, TenantScope.All);

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("cnfpt_enrolments", seed: true);
        Api = new ApiFactory(_connectionString, new Dictionary<string, string?> { ["RateLimiting:Enabled"] = "false" });
        await using var scope = Api.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        await clients.RegisterAsync(new(It, "IT 30", CallerKind.Collectivite, Collectivite, Scopes.AllowedFor(CallerKind.Collectivite)), SecurityFixtureSecret);
        await clients.RegisterAsync(new(Vendor, "Vendor 30", CallerKind.Vendor, null, Scopes.AllowedFor(CallerKind.Vendor)), SecurityFixtureSecret);
        await clients.RegisterAsync(new(OtherVendor, "Vendor 31", CallerKind.Vendor, null, Scopes.AllowedFor(CallerKind.Vendor)), SecurityFixtureSecret);
        await clients.RegisterAsync(new(BackOffice, "Back office", CallerKind.BackOffice, null, Scopes.AllowedFor(CallerKind.BackOffice)), SecurityFixtureSecret);
        await using var db = NewDbContext();
        db.Mandates.Add(new Mandate { ClientId = Vendor, CollectiviteId = Collectivite, StartsOn = new DateOnly(2026, 1, 1), GrantedAt = DateTimeOffset.UtcNow, GrantedBy = It });
        db.Mandates.Add(new Mandate { ClientId = OtherVendor, CollectiviteId = OtherCollectivite, StartsOn = new DateOnly(2026, 1, 1), GrantedAt = DateTimeOffset.UtcNow, GrantedBy = "test" });
        await db.SaveChangesAsync();
    }

    public const string SecurityFixtureSecret = "enrolment-secret-0123456789";

    public Task<HttpClient> ClientAsync(string clientId) => Security.SecurityFixture.AuthorizedClientAsync(Api, clientId, SecurityFixtureSecret);

    /// <summary>A session of a course open to every catégorie, starting in <paramref name="startsInDays"/> days.</summary>
    public async Task<Session> NewSessionAsync(int capacity, int startsInDays = 30, int lengthDays = 2, SessionStatus status = SessionStatus.OpenForEnrolment, TargetCategories categories = TargetCategories.All)
    {
        await using var db = NewDbContext();
        var course = db.Courses.OrderBy(c => c.Id).First(c => c.TargetCategories == categories);
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(startsInDays);
        var session = new Session
        {
            CourseId = course.Id, DelegationId = 1, CommuneCode = "59350", Venue = "Salle de test", StartDate = start,
            EndDate = start.AddDays(lengthDays - 1), Capacity = capacity, Status = status,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session;
    }

    /// <summary>Agents of <paramref name="collectivite"/> (default: 30), created directly in the database.</summary>
    public async Task<List<Agent>> NewAgentsAsync(int count, AgentCategory category = AgentCategory.C, int collectivite = Collectivite)
    {
        await using var db = NewDbContext();
        var agents = Enumerable.Range(0, count).Select(_ => new Agent
        {
            CollectiviteId = collectivite,
            EmployerReference = $"TEST{Interlocked.Increment(ref _nextReference):000000}",
            LastName = "Testeur", FirstName = "Camille", Category = category, Status = AgentStatus.Titulaire,
            CadreEmplois = "Adjoint administratif territorial", AppointmentDate = new DateOnly(2020, 1, 1),
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.Agents.AddRange(agents);
        await db.SaveChangesAsync();
        return agents;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> EnrolAsync(HttpClient client, int agentId, int sessionId, string motive = "Adaptation au poste")
    {
        var response = await client.PostAsJsonAsync(new Uri("/v1/Enrolments", UriKind.Relative), new { agentId, sessionId, motive });
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class EnrolmentCollection : ICollectionFixture<EnrolmentFixture>
{
    public const string Name = "Enrolments on PostgreSQL";
}
