using System.Diagnostics;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Statistics;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Statistics;

/// <summary>
/// The sandbox seed plus a planted rare combination (three agents in a domain nobody else trains in),
/// the cube built with k = 11, and the API with a statistics budget large enough for the attack suite.
/// </summary>
public sealed class StatisticsFixture : IAsyncLifetime
{
    public const int K = 11;
    public const string PlantedDomain = "PLANT";

    /// <summary>The builder's default population floor of the commune table.</summary>
    public const int CommuneMinPopulation = 3_500;
    public static readonly DateOnly DataDate = TestDatabase.Seed.ReferenceDate;

    public string ConnectionString { get; private set; } = "";

    public ApiFactory Api { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public StatisticsRelease Release { get; private set; } = null!;

    public TimeSpan BuildTime { get; private set; }

    public CnfptDbContext NewDbContext() => TestDatabase.NewContext(ConnectionString);

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync("cnfpt_statistics", seed: true);
        await using (var db = NewDbContext())
        {
            await PlantRareCombinationAsync(db);
            var stopwatch = Stopwatch.StartNew();
            Release = await StatisticsCubeBuilder.BuildAsync(db, K, DataDate, CommuneMinPopulation);
            BuildTime = stopwatch.Elapsed;
        }

        Api = new ApiFactory(ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:AnonymousStatistics"] = "1000000",
            ["RateLimiting:AnonymousRead"] = "1000000",
        });
        Client = Api.CreateClient();
    }

    /// <summary>Three agents of one collectivité attend a course in a domain of its own: a cell of 3 &lt; k agents.</summary>
    private static async Task PlantRareCombinationAsync(CnfptDbContext db)
    {
        db.Tenant = TenantScope.All;
        var collectivite = await db.Collectivites.OrderBy(c => c.Id).FirstAsync();
        var session = await db.Sessions.Where(s => s.StartDate.Year == 2025).OrderBy(s => s.Id).FirstAsync();
        var domain = new TrainingDomain { Code = PlantedDomain, Name = "Domaine rare (test)" };
        var theme = new Theme { Code = "PLANT-T", Name = "Thème rare (test)", Domain = domain };
        var course = new Course
        {
            Code = "PLANT1", Title = "Formation rare", Description = "Cellule plantée pour les tests du secret statistique.",
            Theme = theme, Modality = Modality.Hybride, DurationDays = 2.5m, TargetCategories = TargetCategories.All,
            Funding = Funding.Paid, PaidReason = PaidReason.Caces, PricePerTrainee = 300m, ObligationKind = ObligationKind.None,
        };
        var planted = new Session
        {
            Course = course, DelegationId = session.DelegationId, CommuneCode = session.CommuneCode, Venue = "Salle test",
            StartDate = session.StartDate, EndDate = session.StartDate.AddDays(2), Capacity = 12, Status = SessionStatus.Completed,
        };
        var now = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 3; i++)
        {
            var agent = new Agent
            {
                CollectiviteId = collectivite.Id, EmployerReference = $"PLANT{i}", LastName = "Rare", FirstName = $"Agent{i}",
                Category = AgentCategory.A, Status = AgentStatus.Titulaire, CadreEmplois = "attaché",
                AppointmentDate = new DateOnly(2020, 1, 1), CreatedAt = now, UpdatedAt = now,
            };
            db.Enrolments.Add(new Enrolment
            {
                CollectiviteId = collectivite.Id, Agent = agent, Session = planted, Status = EnrolmentStatus.Attended,
                Motive = "test", SubmittedAt = now, SubmittedBy = "test", UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
        await TestDatabase.DropAsync(ConnectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class StatisticsCollection : ICollectionFixture<StatisticsFixture>
{
    public const string Name = "Statistics on PostgreSQL";
}
