using System.Net.Http.Json;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Needs;

/// <summary>
/// A seeded database with a périmètre of our own: collectivités 40 (its coordinator), 41 and 42. Callers: the IT of
/// 40 and of 41, a vendor mandated by 42, the IT of 43 (outside the périmètre) and the back office. Each test makes
/// its own course, so that pooled demands never mix between tests.
/// </summary>
public sealed class NeedsFixture : IAsyncLifetime
{
    public const int Coordinator = 40;
    public const int Member = 41;
    public const int VendorMember = 42;
    public const int Outsider = 43;
    public const string CoordinatorIt = "needs-it-40";
    public const string MemberIt = "needs-it-41";
    public const string Vendor = "needs-vendor-42";
    public const string OutsiderIt = "needs-it-43";
    public const string BackOffice = "needs-backoffice";
    private const string Secret = "needs-secret-0123456789";

    private string _connectionString = "";
    private int _next;

    public ApiFactory Api { get; private set; } = null!;

    public int PerimetreId { get; private set; }

    public static int Year => DateTime.UtcNow.Year + 1;

    public CnfptDbContext NewDbContext() => TestDatabase.NewContext(_connectionString, TenantScope.All);

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("cnfpt_needs", seed: true);
        Api = new ApiFactory(_connectionString, new Dictionary<string, string?> { ["RateLimiting:Enabled"] = "false" });
        await TestClients.RegisterAsync(
            Api.Services,
            Secret,
            (CoordinatorIt, "IT 40", CallerKind.Collectivite, Coordinator),
            (MemberIt, "IT 41", CallerKind.Collectivite, Member),
            (OutsiderIt, "IT 43", CallerKind.Collectivite, Outsider),
            (Vendor, "Vendor 42", CallerKind.Vendor, null),
            (BackOffice, "Back office", CallerKind.BackOffice, null));

        await using var db = NewDbContext();
        db.Mandates.Add(new Mandate { ClientId = Vendor, CollectiviteId = VendorMember, StartsOn = new DateOnly(2026, 1, 1), GrantedAt = DateTimeOffset.UtcNow, GrantedBy = "test" });
        var perimetre = new Perimetre { Name = "Périmètre de test", DelegationId = 1 };
        db.Perimetres.Add(perimetre);
        await db.SaveChangesAsync();
        PerimetreId = perimetre.Id;
        await db.Collectivites.Where(c => c.Id == Coordinator || c.Id == Member || c.Id == VendorMember)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.PerimetreId, PerimetreId));
        await db.Collectivites.Where(c => c.Id == Outsider).ExecuteUpdateAsync(u => u.SetProperty(c => c.PerimetreId, (int?)null));
        await db.Perimetres.Where(p => p.Id == PerimetreId).ExecuteUpdateAsync(u => u.SetProperty(p => p.CoordinatorId, Coordinator));
    }

    public Task<HttpClient> ClientAsync(string clientId) => Security.SecurityFixture.AuthorizedClientAsync(Api, clientId, Secret);

    /// <summary>A fresh course, open to every catégorie, in a theme whose threshold is <paramref name="threshold"/>.</summary>
    public async Task<Course> NewCourseAsync(int threshold = 15, PaidReason? paid = null, decimal? price = null)
    {
        await using var db = NewDbContext();
        var theme = await db.Themes.OrderBy(t => t.Id).FirstAsync(t => t.TerritorialisationThreshold == threshold);
        var n = Interlocked.Increment(ref _next);
        var course = new Course
        {
            Code = $"TNEED{n:000}", Title = $"Formation de test {n}", Description = "Pour les tests des besoins.", ThemeId = theme.Id,
            Modality = Modality.Presentiel, DurationDays = 2, TargetCategories = TargetCategories.All,
            Funding = paid is null ? Funding.Cotisation : Funding.Paid, PaidReason = paid, PricePerTrainee = price,
        };
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        return course;
    }

    public async Task<List<Agent>> NewAgentsAsync(int collectivite, int count, string lastName = "Besoin")
    {
        await using var db = NewDbContext();
        var agents = Enumerable.Range(0, count).Select(i => new Agent
        {
            CollectiviteId = collectivite, EmployerReference = $"NEED{Interlocked.Increment(ref _next):000000}", LastName = lastName, FirstName = $"Agent{i}",
            Category = AgentCategory.C, Status = AgentStatus.Titulaire, CadreEmplois = "Adjoint technique territorial",
            AppointmentDate = new DateOnly(2020, 1, 1), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.Agents.AddRange(agents);
        await db.SaveChangesAsync();
        return agents;
    }

    /// <summary>POSTs a need; returns the response and its body.</summary>
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> SubmitAsync(HttpClient client, object need)
    {
        var response = await client.PostAsJsonAsync(new Uri("/v1/TrainingNeeds", UriKind.Relative), need);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Submits a count-only need for a course and asserts 201; returns its id.</summary>
    public static async Task<int> NeedAsync(HttpClient client, int collectivite, int courseId, int agents)
    {
        var (response, body) = await SubmitAsync(client, new { collectiviteId = collectivite, year = Year, courseId, agentCount = agents, priority = "High" });
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetInt32();
    }

    /// <summary>The proposals of a course in the test périmètre, read from the database (independently of the API).</summary>
    public async Task<List<SessionProposal>> ProposalsAsync(int courseId)
    {
        await using var db = NewDbContext();
        return await db.SessionProposals.AsNoTracking().Where(p => p.CourseId == courseId && p.PerimetreId == PerimetreId).OrderBy(p => p.Id).ToListAsync();
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class NeedsCollection : ICollectionFixture<NeedsFixture>
{
    public const string Name = "Training needs on PostgreSQL";
}
