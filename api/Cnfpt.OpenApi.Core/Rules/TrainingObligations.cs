using Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Core.Rules;

/// <summary>Where an agent stands on one obligation.</summary>
public enum ObligationStatus
{
    /// <summary>At least the required days are done.</summary>
    Done,

    /// <summary>Not done yet, and the deadline has not passed.</summary>
    OnTrack,

    /// <summary>Not done, and the deadline has passed.</summary>
    Late,
}

/// <summary>The facts about an agent that the obligations depend on.</summary>
public sealed record ObligationProfile(AgentCategory Category, AgentStatus Status, DateOnly AppointmentDate, DateOnly? ResponsibilityPostDate = null);

/// <summary>Days of training done towards an obligation (from attestations: the session's last day and the days attended).</summary>
public sealed record TrainingDone(ObligationKind Kind, DateOnly Date, decimal Days);

/// <summary>
/// One obligation of one agent: the statutory range of days (<see cref="RequiredDays"/> is the minimum that
/// satisfies it, <see cref="MaximumDays"/> the most the statute provides for), what is done, what remains, the
/// period it must be done in, and its status on the evaluation day.
/// </summary>
public sealed record ObligationProgress(
    ObligationKind Kind,
    decimal RequiredDays,
    decimal MaximumDays,
    decimal DaysDone,
    decimal DaysRemaining,
    DateOnly PeriodStart,
    DateOnly Deadline,
    ObligationStatus Status);

/// <summary>
/// The statutory training obligations of territorial civil servants (décret 2008-512, GLOSSARY.md), as a pure
/// function: profile + trainings done + evaluation day → one <see cref="ObligationProgress"/> per obligation
/// that applies. Used by the API's TrainingObligations views and the bilan formation ("obligations met").
/// </summary>
/// <remarks>
/// Which obligations apply (contractuels have none; each deadline is the last day allowed, inclusive):
/// <list type="bullet">
/// <item>Intégration — stagiaires: 10 days (A, B) or 5 days (C) within the first year after appointment.</item>
/// <item>Professionnalisation au premier emploi — stagiaires and titulaires, within 2 years of appointment:
/// 5 to 10 days (A, B), 3 to 10 days (C). Listed until the end of the first career period (appointment + 7
/// years), so that a missed one stays visible as late.</item>
/// <item>Professionnalisation tout au long de la carrière — titulaires, from the end of the premier-emploi
/// period, 2 to 10 days in each 5-year period: the current period is listed.</item>
/// <item>Professionnalisation prise de poste à responsabilité — when a post with responsibility was taken:
/// 3 to 10 days within 6 months of it.</item>
/// </list>
/// Days count towards an obligation of their kind from the period's start (done late still counts); career
/// days count in their own 5-year period only.
/// </remarks>
public static class TrainingObligations
{
    public const int CareerPeriodYears = 5;

    public static IReadOnlyList<ObligationProgress> Evaluate(ObligationProfile agent, IEnumerable<TrainingDone> trainings, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(trainings);
        var done = trainings.ToList();
        var result = new List<ObligationProgress>();
        if (agent.Status == AgentStatus.Contractuel)
        {
            return result;
        }

        var appointment = agent.AppointmentDate;
        var categoryC = agent.Category == AgentCategory.C;
        if (agent.Status == AgentStatus.Stagiaire)
        {
            var days = categoryC ? 5m : 10m;
            result.Add(Progress(ObligationKind.Integration, days, days, done, appointment, LastDay(appointment.AddYears(1)), null, today));
        }

        var firstEmploymentEnd = appointment.AddYears(2);
        if (today < firstEmploymentEnd.AddYears(CareerPeriodYears))
        {
            result.Add(Progress(ObligationKind.ProfessionnalisationPremierEmploi, categoryC ? 3m : 5m, 10m, done, appointment, LastDay(firstEmploymentEnd), null, today));
        }

        if (agent.Status == AgentStatus.Titulaire && today >= firstEmploymentEnd)
        {
            var start = firstEmploymentEnd;
            while (start.AddYears(CareerPeriodYears) <= today)
            {
                start = start.AddYears(CareerPeriodYears);
            }

            var end = start.AddYears(CareerPeriodYears);
            result.Add(Progress(ObligationKind.ProfessionnalisationToutAuLongDeLaCarriere, 2m, 10m, done, start, LastDay(end), end, today));
        }

        if (agent.ResponsibilityPostDate is { } post && post <= today)
        {
            result.Add(Progress(ObligationKind.ProfessionnalisationPriseDePoste, 3m, 10m, done, post, LastDay(post.AddMonths(6)), null, today));
        }

        return result;
    }

    private static DateOnly LastDay(DateOnly exclusiveEnd) => exclusiveEnd.AddDays(-1);

    private static ObligationProgress Progress(ObligationKind kind, decimal required, decimal maximum, List<TrainingDone> done, DateOnly from, DateOnly deadline, DateOnly? countUntil, DateOnly today)
    {
        var days = done.Where(t => t.Kind == kind && t.Date >= from && (countUntil is not { } until || t.Date < until)).Sum(t => t.Days);
        var status = days >= required ? ObligationStatus.Done : today > deadline ? ObligationStatus.Late : ObligationStatus.OnTrack;
        return new ObligationProgress(kind, required, maximum, days, Math.Max(0, required - days), from, deadline, status);
    }
}
