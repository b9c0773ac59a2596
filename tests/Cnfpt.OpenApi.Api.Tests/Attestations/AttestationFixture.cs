using System.Net.Http.Json;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Api.Tests.Security;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Attestations;

/// <summary>
/// A seeded database and the API with a back office, a vendor acting for a digital and a paper collectivité,
/// and a vendor acting for another one. <see cref="EndedSessionAsync"/> makes a session whose agents enrolled
/// through the API and whose dates then moved into the past, ready for attendance.
/// </summary>
public sealed class AttestationFixture : IAsyncLifetime
{
    public const string BackOffice = "att-backoffice";
    public const string Vendor = "att-vendor";
    public const string OtherVendor = "att-other-vendor";

    private static readonly string[] FirstNames = ["Élodie", "Karim", "Sophie", "Thomas", "Maëlle"];
    private static readonly string[] LastNames = ["Lefèvre", "Benali", "Moreau", "Dupont-Rivière", "Le Gall"];

    private string _connectionString = "";
    private int _nextReference;

    public ApiFactory Api { get; private set; } = null!;

    /// <summary>A digital and a paper collectivité the vendor acts for, and one it does not.</summary>
    public int Digital { get; private set; }

    public int Paper { get; private set; }

    public int Foreign { get; private set; }

    public CnfptDbContext NewDbContext() => TestDatabase.NewContext(_connectionString, TenantScope.All);

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("cnfpt_attestations", seed: true);
        Api = new ApiFactory(_connectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:Enabled"] = "false",
            ["Attestations:VerificationBaseUrl"] = "https://api.cnfpt.test",
        });
        await using var scope = Api.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        await clients.RegisterAsync(new(BackOffice, "Back office", CallerKind.BackOffice, null, Scopes.AllowedFor(CallerKind.BackOffice)), SecurityFixture.Secret);
        await clients.RegisterAsync(new(Vendor, "Vendor", CallerKind.Vendor, null, Scopes.AllowedFor(CallerKind.Vendor)), SecurityFixture.Secret);
        await clients.RegisterAsync(new(OtherVendor, "Other vendor", CallerKind.Vendor, null, Scopes.AllowedFor(CallerKind.Vendor)), SecurityFixture.Secret);
        await using var db = NewDbContext();
        Digital = await db.Collectivites.Where(c => c.ExchangePreference == ExchangePreference.Digital).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        Paper = await db.Collectivites.Where(c => c.ExchangePreference == ExchangePreference.Paper).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        Foreign = await db.Collectivites.Where(c => c.Id != Digital && c.Id != Paper).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        foreach (var (client, collectivite) in new[] { (Vendor, Digital), (Vendor, Paper), (OtherVendor, Foreign) })
        {
            db.Mandates.Add(new Mandate { ClientId = client, CollectiviteId = collectivite, StartsOn = new DateOnly(2020, 1, 1), GrantedAt = DateTimeOffset.UtcNow, GrantedBy = "test" });
        }

        await db.SaveChangesAsync();
    }

    public Task<HttpClient> ClientAsync(string clientId) => SecurityFixture.AuthorizedClientAsync(Api, clientId);

    /// <summary>
    /// A three-day session of a course with <paramref name="obligation"/>, with one agent per entry of
    /// <paramref name="agents"/> enrolled by the vendor, then moved so that it ended <paramref name="endedDaysAgo"/>
    /// days ago (Paris time). Returns the session and the enrolments, in the order of the agents.
    /// </summary>
    public async Task<(Session Session, List<int> Enrolments)> EndedSessionAsync(int agents, int? collectivite = null, int endedDaysAgo = 1, AgentCategory category = AgentCategory.B, ObligationKind obligation = ObligationKind.Integration)
    {
        int sessionId;
        List<int> agentIds;
        await using (var db = NewDbContext())
        {
            var target = Core.Rules.Categories.Of(category);
            var course = await db.Courses.OrderBy(c => c.Id).FirstAsync(c => (c.TargetCategories & target) == target && c.ObligationKind == obligation);
            var session = new Session
            {
                CourseId = course.Id, DelegationId = 1, CommuneCode = "59350", Venue = "Centre de formation de Lille", Capacity = 30,
                StartDate = Today.AddDays(20), EndDate = Today.AddDays(22), Status = SessionStatus.OpenForEnrolment,
            };
            db.Sessions.Add(session);
            var created = Enumerable.Range(0, agents).Select(i => new Agent
            {
                CollectiviteId = collectivite ?? Digital,
                EmployerReference = $"ATT{Interlocked.Increment(ref _nextReference):000000}",
                LastName = LastNames[i % LastNames.Length], FirstName = FirstNames[i % FirstNames.Length], Category = category, Status = AgentStatus.Stagiaire,
                CadreEmplois = "Rédacteur territorial", AppointmentDate = Today.AddMonths(-6), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            }).ToList();
            db.Agents.AddRange(created);
            await db.SaveChangesAsync();
            (sessionId, agentIds) = (session.Id, created.Select(a => a.Id).ToList());
        }

        using var vendor = await ClientAsync(Vendor);
        var enrolments = new List<int>();
        foreach (var agent in agentIds)
        {
            using var response = await vendor.PostAsJsonAsync(new Uri("/v1/Enrolments", UriKind.Relative), new { agentId = agent, sessionId, motive = "Formation d'intégration" });
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(response.IsSuccessStatusCode, body.ToString());
            Assert.Equal("Accepted", body.GetProperty("status").GetString());
            enrolments.Add(body.GetProperty("id").GetInt32());
        }

        await using (var db = NewDbContext())
        {
            var session = await db.Sessions.Include(s => s.Course).SingleAsync(s => s.Id == sessionId);
            session.StartDate = Today.AddDays(-endedDaysAgo - 2);
            session.EndDate = Today.AddDays(-endedDaysAgo);
            session.Status = SessionStatus.Closed;
            await db.SaveChangesAsync();
            return (session, enrolments);
        }
    }

    public static DateOnly Today => FrenchFormat.ParisDay(DateTimeOffset.UtcNow);

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class AttestationCollection : ICollectionFixture<AttestationFixture>
{
    public const string Name = "Attestations on PostgreSQL";
}
