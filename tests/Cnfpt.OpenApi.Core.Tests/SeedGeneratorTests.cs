using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;
using Cnfpt.OpenApi.Core.Seeding;

namespace Cnfpt.OpenApi.Core.Tests;

public class SeedGeneratorTests
{
    private static readonly SeedOptions Options = new() { Seed = 7, ReferenceDate = new DateOnly(2026, 9, 1) };
    private static readonly Lazy<SeedGenerator> Data = new(() => new SeedGenerator(Options));

    [Fact]
    public void SameOptions_GiveTheSameRows()
    {
        var other = new SeedGenerator(Options);
        Assert.Equal(Data.Value.Agents.Select(a => (a.LastName, a.FirstName, a.Category)), other.Agents.Select(a => (a.LastName, a.FirstName, a.Category)));
        Assert.Equal(Data.Value.Sessions.Select(s => (s.CourseId, s.StartDate, s.SeatsTaken)), other.Sessions.Select(s => (s.CourseId, s.StartDate, s.SeatsTaken)));
        Assert.Equal(Data.Value.Enrolments().Select(e => (e.Id, e.AgentId, e.Status)), other.Enrolments().Select(e => (e.Id, e.AgentId, e.Status)));
    }

    [Fact]
    public void Enrolments_DoNotDependOnTheProcess()
    {
        // A digest of the enrolments of fixed options, recorded once: the same in every process and run
        // (System.HashCode, randomised per process, once made it differ). Update it only when the
        // generator changes on purpose.
        var digest = Data.Value.Enrolments().Aggregate(17L, (h, e) => unchecked((h * 31) + (e.AgentId * 7) + ((int)e.Status * 13) + e.SessionId));
        Assert.Equal(ExpectedDigest, digest);
    }

    private const long ExpectedDigest = 2041723031500562266;

    [Fact]
    public void Sandbox_HasTheAdvertisedVolumes()
    {
        var data = Data.Value;
        Assert.Equal(18, data.Regions.Count);
        Assert.Equal(101, data.Departements.Count);
        Assert.InRange(data.Communes.Count, 300, 600);
        Assert.InRange(data.Collectivites.Count, 45, 60);
        Assert.Equal(300, data.Courses.Count);
        Assert.Equal(1_500, data.Sessions.Count);
        Assert.Equal(2_000, data.Agents.Count);
        Assert.InRange(data.Enrolments().Count(), 8_000, 12_000);
    }

    [Fact]
    public void EveryCollectiviteType_IsPresent_WithAValidUniqueSiren()
    {
        var data = Data.Value;
        Assert.All(data.Collectivites, c => Assert.True(Siren.IsValid(c.Siren), $"{c.Name}: {c.Siren}"));
        Assert.Equal(data.Collectivites.Count, data.Collectivites.Select(c => c.Siren).Distinct().Count());
        foreach (var type in new[] { CollectiviteType.Commune, CollectiviteType.Epci, CollectiviteType.Departement, CollectiviteType.Region, CollectiviteType.Ccas, CollectiviteType.Sdis, CollectiviteType.Cdg })
        {
            Assert.Contains(data.Collectivites, c => c.Type == type);
        }

        Assert.Contains(data.Collectivites, c => c.ExchangePreference == ExchangePreference.Paper);
        Assert.True(data.Collectivites.Select(c => c.Strate).Distinct().Count() >= 4, "collectivités should span several strates");
    }

    [Fact]
    public void Courses_FollowTheFundingAndObligationRules()
    {
        var courses = Data.Value.Courses;
        Assert.All(courses, c => Assert.Equal(c.Funding == Funding.Paid, c.PaidReason is not null));
        Assert.Contains(courses, c => c.PaidReason == PaidReason.Caces);
        Assert.Contains(courses, c => c.PaidReason == PaidReason.Chsct);
        Assert.Contains(courses, c => c.PaidReason == PaidReason.PoliceArmament);
        Assert.All(courses.Where(c => c.ObligationKind == ObligationKind.Integration), c =>
            Assert.Equal(c.TargetCategories == TargetCategories.C ? 5m : 10m, c.DurationDays));
        Assert.Equal(courses.Count, courses.Select(c => c.Code).Distinct().Count());
    }

    [Fact]
    public void Sessions_NeverHoldMoreAcceptedEnrolmentsThanSeats()
    {
        var data = Data.Value;
        var taken = data.Enrolments()
            .Where(e => e.Status is EnrolmentStatus.Accepted or EnrolmentStatus.Attended or EnrolmentStatus.Absent)
            .GroupBy(e => e.SessionId)
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.All(data.Sessions, s =>
        {
            Assert.True(s.SeatsTaken <= s.Capacity);
            Assert.Equal(taken.GetValueOrDefault(s.Id), s.SeatsTaken);
            Assert.True(s.EndDate >= s.StartDate);
        });
    }

    [Fact]
    public void Enrolments_TargetTheAgentsCategory_OnceAgentPerSession_WithAConsistentHistory()
    {
        var data = Data.Value;
        var agents = data.Agents.ToDictionary(a => a.Id);
        var sessions = data.Sessions.ToDictionary(s => s.Id);
        var courses = data.Courses.ToDictionary(c => c.Id);
        var enrolments = data.Enrolments().ToList();
        Assert.All(enrolments, e =>
        {
            var agent = agents[e.AgentId];
            Assert.Equal(agent.CollectiviteId, e.CollectiviteId);
            Assert.True(courses[sessions[e.SessionId].CourseId].TargetCategories.HasFlag(Categories.Of(agent.Category)));
            Assert.Equal(e.Status, e.Events[^1].ToStatus);
            Assert.Null(e.Events[0].FromStatus);
            Assert.StartsWith("AR-", e.Acknowledgement!.Number, StringComparison.Ordinal);
        });
        Assert.Equal(enrolments.Count, enrolments.Select(e => (e.AgentId, e.SessionId)).Distinct().Count());
        Assert.Equal(enrolments.Count, enrolments.Select(e => e.Acknowledgement!.Number).Distinct().Count());
        // Every state a client will meet is in the demo data (Submitted lasts only until the automatic AR).
        var present = enrolments.Select(e => e.Status).ToHashSet();
        Assert.Equal(Enum.GetValues<EnrolmentStatus>().Except([EnrolmentStatus.Submitted]).Order(), present.Order());
    }

    [Fact]
    public void Scale_MultipliesTheVolumes()
    {
        var data = new SeedGenerator(Options with { Scale = 3 });
        Assert.Equal(4_500, data.Sessions.Count);
        Assert.Equal(6_000, data.Agents.Count);
        Assert.InRange(data.Collectivites.Count, 150, 170);
        Assert.Equal(data.Collectivites.Count, data.Collectivites.Select(c => c.Siren).Distinct().Count());
    }
}
