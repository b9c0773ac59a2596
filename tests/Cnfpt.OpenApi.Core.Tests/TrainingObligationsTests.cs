using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;

namespace Cnfpt.OpenApi.Core.Tests;

/// <summary>The statutory obligations (décret 2008-512) over the regulatory cases: catégories, stagiaire and titulaire, deadlines.</summary>
public sealed class TrainingObligationsTests
{
    private static readonly DateOnly Appointed = new(2025, 3, 10);

    private static ObligationProgress Single(IEnumerable<ObligationProgress> all, ObligationKind kind) => Assert.Single(all, o => o.Kind == kind);

    [Theory]
    [InlineData(AgentCategory.A, 10)]
    [InlineData(AgentCategory.B, 10)]
    [InlineData(AgentCategory.C, 5)]
    public void Stagiaire_OwesIntegration_TenDaysForAAndB_FiveForC_WithinTheFirstYear(AgentCategory category, int days)
    {
        var integration = Single(TrainingObligations.Evaluate(new(category, AgentStatus.Stagiaire, Appointed), [], new DateOnly(2025, 6, 1)), ObligationKind.Integration);

        Assert.Equal(days, integration.RequiredDays);
        Assert.Equal(days, integration.MaximumDays);
        Assert.Equal(Appointed, integration.PeriodStart);
        Assert.Equal(new DateOnly(2026, 3, 9), integration.Deadline); // the first year ends the day before the anniversary
        Assert.Equal(ObligationStatus.OnTrack, integration.Status);
        Assert.Equal(days, integration.DaysRemaining);
    }

    [Theory]
    [InlineData("2026-03-09", ObligationStatus.OnTrack)] // the last day allowed
    [InlineData("2026-03-10", ObligationStatus.Late)] // the anniversary: one year has passed
    public void Integration_TurnsLate_TheDayAfterTheDeadline(string today, ObligationStatus expected)
    {
        var integration = Single(TrainingObligations.Evaluate(new(AgentCategory.B, AgentStatus.Stagiaire, Appointed), [], DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)), ObligationKind.Integration);

        Assert.Equal(expected, integration.Status);
    }

    [Fact]
    public void Integration_CountsHalfDays_AndIsDoneAtTheRequiredDays_EvenWhenDoneLate()
    {
        TrainingDone[] done =
        [
            new(ObligationKind.Integration, new DateOnly(2025, 5, 2), 4.5m),
            new(ObligationKind.Integration, new DateOnly(2026, 4, 2), 0.5m), // after the deadline: still counts
            new(ObligationKind.ProfessionnalisationPremierEmploi, new DateOnly(2025, 6, 1), 3m), // another obligation
            new(ObligationKind.Integration, new DateOnly(2025, 1, 2), 5m), // before appointment: not this obligation
        ];

        var before = Single(TrainingObligations.Evaluate(new(AgentCategory.C, AgentStatus.Stagiaire, Appointed), done[..1], new DateOnly(2026, 3, 20)), ObligationKind.Integration);
        var after = Single(TrainingObligations.Evaluate(new(AgentCategory.C, AgentStatus.Stagiaire, Appointed), done, new DateOnly(2026, 4, 20)), ObligationKind.Integration);

        Assert.Equal((4.5m, 0.5m, ObligationStatus.Late), (before.DaysDone, before.DaysRemaining, before.Status));
        Assert.Equal((5m, 0m, ObligationStatus.Done), (after.DaysDone, after.DaysRemaining, after.Status));
    }

    [Theory]
    [InlineData(AgentCategory.A, 5)]
    [InlineData(AgentCategory.B, 5)]
    [InlineData(AgentCategory.C, 3)]
    public void PremierEmploi_AppliesToStagiairesAndTitulaires_WithinTwoYears(AgentCategory category, int minimum)
    {
        foreach (var status in new[] { AgentStatus.Stagiaire, AgentStatus.Titulaire })
        {
            var first = Single(TrainingObligations.Evaluate(new(category, status, Appointed), [], new DateOnly(2027, 3, 9)), ObligationKind.ProfessionnalisationPremierEmploi);
            Assert.Equal((minimum, 10m), (first.RequiredDays, first.MaximumDays));
            Assert.Equal(new DateOnly(2027, 3, 9), first.Deadline);
            Assert.Equal(ObligationStatus.OnTrack, first.Status);

            var late = Single(TrainingObligations.Evaluate(new(category, status, Appointed), [], new DateOnly(2027, 3, 10)), ObligationKind.ProfessionnalisationPremierEmploi);
            Assert.Equal(ObligationStatus.Late, late.Status);
        }
    }

    [Fact]
    public void Titulaire_HasNoIntegration_ButACareerPeriodOfFiveYears_AfterThePremierEmploiPeriod()
    {
        var profile = new ObligationProfile(AgentCategory.A, AgentStatus.Titulaire, new DateOnly(2010, 9, 1));
        TrainingDone[] done =
        [
            new(ObligationKind.ProfessionnalisationToutAuLongDeLaCarriere, new DateOnly(2021, 6, 1), 5m), // previous period
            new(ObligationKind.ProfessionnalisationToutAuLongDeLaCarriere, new DateOnly(2023, 2, 1), 1.5m),
        ];

        var all = TrainingObligations.Evaluate(profile, done, new DateOnly(2026, 11, 23));

        Assert.DoesNotContain(all, o => o.Kind == ObligationKind.Integration);
        Assert.DoesNotContain(all, o => o.Kind == ObligationKind.ProfessionnalisationPremierEmploi); // 16 years ago
        var career = Single(all, ObligationKind.ProfessionnalisationToutAuLongDeLaCarriere);
        // Premier emploi ends 2012-09-01; periods 2012–2017, 2017–2022, 2022–2027.
        Assert.Equal(new DateOnly(2022, 9, 1), career.PeriodStart);
        Assert.Equal(new DateOnly(2027, 8, 31), career.Deadline);
        Assert.Equal((2m, 10m, 1.5m, 0.5m, ObligationStatus.OnTrack), (career.RequiredDays, career.MaximumDays, career.DaysDone, career.DaysRemaining, career.Status));
    }

    [Fact]
    public void CareerPeriod_StartsOnTheDayThePremierEmploiPeriodEnds()
    {
        var profile = new ObligationProfile(AgentCategory.C, AgentStatus.Titulaire, Appointed);

        var dayBefore = TrainingObligations.Evaluate(profile, [], new DateOnly(2027, 3, 9));
        var onTheDay = TrainingObligations.Evaluate(profile, [], new DateOnly(2027, 3, 10));

        Assert.DoesNotContain(dayBefore, o => o.Kind == ObligationKind.ProfessionnalisationToutAuLongDeLaCarriere);
        Assert.Equal(new DateOnly(2027, 3, 10), Single(onTheDay, ObligationKind.ProfessionnalisationToutAuLongDeLaCarriere).PeriodStart);
        // A missed premier emploi stays listed, late, during the first career period.
        Assert.Equal(ObligationStatus.Late, Single(onTheDay, ObligationKind.ProfessionnalisationPremierEmploi).Status);
    }

    [Theory]
    [InlineData("2026-07-31", ObligationStatus.OnTrack)]
    [InlineData("2026-08-01", ObligationStatus.Late)]
    public void PriseDePoste_ThreeDaysWithinSixMonths(string today, ObligationStatus expected)
    {
        var profile = new ObligationProfile(AgentCategory.A, AgentStatus.Titulaire, new DateOnly(2015, 1, 5), new DateOnly(2026, 2, 1));

        var post = Single(TrainingObligations.Evaluate(profile, [], DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)), ObligationKind.ProfessionnalisationPriseDePoste);

        Assert.Equal((3m, 10m, new DateOnly(2026, 7, 31)), (post.RequiredDays, post.MaximumDays, post.Deadline));
        Assert.Equal(expected, post.Status);
    }

    [Fact]
    public void Contractuels_HaveNoStatutoryObligation()
    {
        Assert.Empty(TrainingObligations.Evaluate(new(AgentCategory.A, AgentStatus.Contractuel, Appointed, new DateOnly(2025, 6, 1)), [], new DateOnly(2025, 7, 1)));
    }

    [Fact]
    public void Stagiaire_JustAppointed_OwesIntegrationAndPremierEmploi_ButNoCareerPeriodYet()
    {
        var kinds = TrainingObligations.Evaluate(new(AgentCategory.B, AgentStatus.Stagiaire, Appointed), [], Appointed).Select(o => o.Kind).ToList();

        Assert.Equal([ObligationKind.Integration, ObligationKind.ProfessionnalisationPremierEmploi], kinds);
    }
}
