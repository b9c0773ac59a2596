using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Core.Bilan;

/// <summary>
/// Computes a <see cref="BilanReport"/> through the tenant-filtered context: a collectivité the caller does
/// not act for is not found. One query loads the year's enrolments of the collectivité (a few thousand rows
/// at most), the breakdowns are summed here.
/// </summary>
public static class BilanCalculator
{
    /// <param name="today">Today in Paris: the obligations of the current year are evaluated on it, those of a past year on its last day.</param>
    public static async Task<BilanReport?> ComputeAsync(CnfptDbContext db, int collectiviteId, int year, DateOnly today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var collectivite = await db.Collectivites.AsNoTracking().FirstOrDefaultAsync(c => c.Id == collectiviteId, cancellationToken);
        if (collectivite is null)
        {
            return null;
        }

        var first = new DateOnly(year, 1, 1);
        var next = first.AddYears(1);
        var rows = await (
            from e in db.Enrolments
            join s in db.Sessions on e.SessionId equals s.Id
            join co in db.Courses on s.CourseId equals co.Id
            join t in db.Themes on co.ThemeId equals t.Id
            join a in db.Agents on e.AgentId equals a.Id
            where e.CollectiviteId == collectiviteId && s.StartDate >= first && s.StartDate < next
            select new Row(e.AgentId, a.Category, e.Status, e.ObligationKind, e.CancellationReason, t.Code, t.Name, co.Modality, co.DurationDays, co.Funding, co.PaidReason, co.PricePerTrainee))
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        var attended = rows.Where(r => r.Status == EnrolmentStatus.Attended).ToList();
        var asOf = next.AddDays(-1) < today ? next.AddDays(-1) : today;
        var obligations = await AgentObligationsQuery.EvaluateAsync(
            db, db.Agents.Where(a => a.CollectiviteId == collectiviteId && a.AppointmentDate <= asOf), asOf, cancellationToken);
        return new BilanReport
        {
            CollectiviteId = collectivite.Id,
            CollectiviteName = collectivite.Name,
            Siren = collectivite.Siren,
            CollectiviteType = collectivite.Type,
            Strate = collectivite.Strate,
            RegionCode = collectivite.RegionCode,
            Year = year,
            AgentHeadcount = collectivite.AgentHeadcount,
            AgentsTrained = attended.Select(r => r.AgentId).Distinct().Count(),
            TraineeDays = attended.Sum(r => r.Days),
            Enrolments = rows.Count,
            Attended = attended.Count,
            Absences = rows.Count(r => r.Status == EnrolmentStatus.Absent),
            Cancellations = rows.Count(r => r.Status == EnrolmentStatus.Cancelled),
            Refused = rows.Count(r => r.Status == EnrolmentStatus.Refused),
            Waitlisted = rows.Count(r => r.Status == EnrolmentStatus.Waitlisted),
            Pending = rows.Count(r => r.Status is EnrolmentStatus.Submitted or EnrolmentStatus.Acknowledged or EnrolmentStatus.Accepted),
            ByCategory = Lines(rows, r => r.Category.ToString(), r => $"Catégorie {r.Category}", keepAll: Enum.GetNames<AgentCategory>()),
            ByTheme = Lines(rows, r => r.ThemeCode, r => r.ThemeName).OrderByDescending(l => l.TraineeDays).ThenBy(l => l.Key, StringComparer.Ordinal).ToList(),
            ByModality = Lines(rows, r => r.Modality.ToString(), r => BilanLabels.Of(r.Modality)),
            Obligations = Lines(rows.Where(r => r.Obligation != ObligationKind.None), r => r.Obligation.ToString(), r => BilanLabels.Of(r.Obligation)),
            ObligationsAsOf = asOf,
            ObligationsMet = [.. obligations.SelectMany(a => a.Obligations).GroupBy(o => o.Kind).OrderBy(g => g.Key).Select(g => new BilanObligationLine
            {
                Key = g.Key.ToString(), Label = BilanLabels.Of(g.Key), Agents = g.Count(),
                Done = g.Count(o => o.Status == ObligationStatus.Done), OnTrack = g.Count(o => o.Status == ObligationStatus.OnTrack),
                Late = g.Count(o => o.Status == ObligationStatus.Late),
            })],
            // Cotisation first, then the paid reasons.
            Funding = [.. Lines(rows, r => r.PaidReason?.ToString() ?? nameof(Domain.Funding.Cotisation), r => BilanLabels.Of(r.PaidReason))
                .OrderBy(l => l.Key == nameof(Domain.Funding.Cotisation) ? 0 : 1)],
            CancellationReasons = Lines(rows.Where(r => r.Status == EnrolmentStatus.Cancelled), r => r.CancellationReason ?? "", r => r.CancellationReason ?? "Sans motif indiqué"),
        };
    }

    /// <summary>Groups the rows into lines, in key order; <paramref name="keepAll"/> lists keys shown even when empty.</summary>
    private static List<BilanLine> Lines(IEnumerable<Row> rows, Func<Row, string> key, Func<Row, string> label, IEnumerable<string>? keepAll = null)
    {
        var lines = rows.GroupBy(key, StringComparer.Ordinal).Select(g =>
        {
            var attended = g.Where(r => r.Status == EnrolmentStatus.Attended).ToList();
            return new BilanLine
            {
                Key = g.Key,
                Label = label(g.First()),
                AgentsTrained = attended.Select(r => r.AgentId).Distinct().Count(),
                TraineeDays = attended.Sum(r => r.Days),
                Enrolments = g.Count(),
                Attended = attended.Count,
                Cost = attended.Sum(r => r.Funding == Domain.Funding.Paid ? r.Price ?? 0 : 0),
            };
        }).ToDictionary(l => l.Key, StringComparer.Ordinal);
        foreach (var missing in (keepAll ?? []).Where(k => !lines.ContainsKey(k)))
        {
            lines[missing] = new BilanLine { Key = missing, Label = $"Catégorie {missing}" };
        }

        return [.. lines.Values.OrderBy(l => l.Key, StringComparer.Ordinal)];
    }

    private sealed record Row(
        int AgentId, AgentCategory Category, EnrolmentStatus Status, ObligationKind Obligation, string? CancellationReason,
        string ThemeCode, string ThemeName, Modality Modality, decimal Days, Funding Funding, PaidReason? PaidReason, decimal? Price);
}

/// <summary>French labels of the bilan's keys, as a DRH reads them.</summary>
public static class BilanLabels
{
    public static string Of(Modality modality) => modality switch
    {
        Modality.Presentiel => "Présentiel",
        Modality.Distanciel => "Distanciel (classe virtuelle)",
        Modality.ELearning => "E-learning",
        Modality.Hybride => "Hybride",
        _ => modality.ToString(),
    };

    public static string Of(ObligationKind kind) => kind switch
    {
        ObligationKind.Integration => "Formation d'intégration",
        ObligationKind.ProfessionnalisationPremierEmploi => "Professionnalisation au premier emploi",
        ObligationKind.ProfessionnalisationToutAuLongDeLaCarriere => "Professionnalisation tout au long de la carrière",
        ObligationKind.ProfessionnalisationPriseDePoste => "Professionnalisation, prise de poste à responsabilité",
        _ => "Hors obligation statutaire",
    };

    public static string Of(PaidReason? reason) => reason switch
    {
        null => "Cotisation (formations comprises)",
        PaidReason.Caces => "Payant : CACES",
        PaidReason.Chsct => "Payant : CHSCT / F3SCT",
        PaidReason.PoliceArmament => "Payant : armement de la police municipale",
        _ => reason.ToString()!,
    };
}
