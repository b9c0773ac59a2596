using System.Globalization;
using System.Text.Json;
using Bogus;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;

namespace Cnfpt.OpenApi.Core.Seeding;

/// <summary>What to generate: the same options always give the same rows.</summary>
public sealed record SeedOptions
{
    public int Seed { get; init; } = 20_260_901;

    /// <summary>
    /// Multiplies collectivités, agents, sessions and enrolments. 1 is the sandbox (~50 collectivités,
    /// ~2 000 agents, ~1 500 sessions, ~10 000 enrolments); ~900 approaches the national volume.
    /// </summary>
    public int Scale { get; init; } = 1;

    /// <summary>Agents to generate; null = 2 000 × <see cref="Scale"/>.</summary>
    public int? Agents { get; init; }

    /// <summary>Sessions to generate; null = 1 500 × <see cref="Scale"/> (about 6.7 enrolments each).</summary>
    public int? Sessions { get; init; }

    /// <summary>
    /// The national volume (docs/benchmarks.md): 45 000 collectivités, 2 M agents and, with 1.95 M sessions
    /// over the two years around the reference date, about 13 M enrolments.
    /// </summary>
    public static SeedOptions National { get; } = new() { Scale = 900, Agents = 2_000_000, Sessions = 1_950_000 };

    /// <summary>"national" or a positive integer scale, as the command-line tools take it.</summary>
    public static SeedOptions Parse(string scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        if (string.Equals(scale, "national", StringComparison.OrdinalIgnoreCase))
        {
            return National;
        }

        return int.TryParse(scale, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? new SeedOptions { Scale = n }
            : throw new ArgumentException($"Scale must be 'national' or a positive integer, not '{scale}'.", nameof(scale));
    }

    /// <summary>"Today" for the data: sessions span the year before and the year after it.</summary>
    public DateOnly ReferenceDate { get; init; } = FirstDayOfCurrentMonth();

    private static DateOnly FirstDayOfCurrentMonth()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new DateOnly(today.Year, today.Month, 1);
    }
}

/// <summary>
/// Generates realistic, deterministic data. Small tables are materialised; enrolments and what hangs off
/// them are produced by a pure function of (seed, session) so that they can be streamed several times
/// (one pass per table for binary COPY) without holding millions of rows in memory.
/// </summary>
public sealed partial class SeedGenerator
{
    private const int CoursesCount = 300;
    private const int SessionsPerScale = 1_500;
    private const int AgentsPerScale = 2_000;
    private static readonly DateTimeOffset SeededAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SeedOptions _options;
    private readonly ReferenceData _reference = ReferenceData.Load();
    private readonly Dictionary<AgentCategory, List<Agent>> _agentsByCategory = [];
    private readonly Dictionary<int, Course> _coursesById = [];

    public SeedGenerator(SeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Scale < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Scale must be at least 1.");
        }

        _options = options;
        var random = new Random(options.Seed);
        Regions = _reference.Regions;
        Departements = _reference.Departements;
        Communes = _reference.Communes
            .Select(c => new Commune { Code = c.Code, Name = c.Name, DepartementCode = c.Departement, Population = c.Population })
            .ToList();
        Delegations = BuildDelegations();
        (Domains, Themes, Courses) = BuildCatalogue(random);
        foreach (var course in Courses)
        {
            _coursesById[course.Id] = course;
        }

        (Collectivites, Perimetres) = BuildCollectivites(random);
        Agents = BuildAgents(random);
        foreach (var group in Agents.GroupBy(a => a.Category))
        {
            _agentsByCategory[group.Key] = [.. group];
        }

        Sessions = BuildSessions(random);
    }

    public IReadOnlyList<Region> Regions { get; }
    public IReadOnlyList<Departement> Departements { get; }
    public IReadOnlyList<Commune> Communes { get; }
    public IReadOnlyList<Delegation> Delegations { get; }
    public IReadOnlyList<TrainingDomain> Domains { get; }
    public IReadOnlyList<Theme> Themes { get; }
    public IReadOnlyList<Course> Courses { get; }
    public IReadOnlyList<Perimetre> Perimetres { get; }
    public IReadOnlyList<Collectivite> Collectivites { get; }
    public IReadOnlyList<Agent> Agents { get; }
    public IReadOnlyList<Session> Sessions { get; }

    /// <summary>
    /// Every enrolment with its events and acknowledgement attached. Each call yields the same rows with the
    /// same ids, so a writer may enumerate it once per table.
    /// </summary>
    public IEnumerable<Enrolment> Enrolments()
    {
        var nextEnrolmentId = 1;
        long nextEventId = 1;
        foreach (var session in Sessions)
        {
            foreach (var enrolment in EnrolmentsOf(session))
            {
                enrolment.Id = nextEnrolmentId++;
                foreach (var e in enrolment.Events)
                {
                    e.Id = nextEventId++;
                    e.EnrolmentId = enrolment.Id;
                }

                if (enrolment.Acknowledgement is { } ack)
                {
                    ack.Id = enrolment.Id;
                    ack.EnrolmentId = enrolment.Id;
                    ack.Number = string.Create(CultureInfo.InvariantCulture, $"AR-{ack.IssuedAt.Year}-{enrolment.Id:000000}");
                }

                yield return enrolment;
            }
        }
    }

    private static List<Delegation> BuildDelegations()
    {
        // (code, name, kind, région, commune of the main site): the CNFPT network, simplified.
        (string Code, string Name, DelegationKind Kind, string Region, string Commune)[] rows =
        [
            ("IDF-GC", "Délégation Île-de-France — Grande couronne", DelegationKind.Interdepartementale, "11", "78646"),
            ("IDF-PC", "Délégation Île-de-France — Première couronne", DelegationKind.Interdepartementale, "11", "93055"),
            ("CVL", "Délégation Centre-Val de Loire", DelegationKind.Regionale, "24", "45234"),
            ("BFC", "Délégation Bourgogne-Franche-Comté", DelegationKind.Regionale, "27", "21231"),
            ("NOR", "Délégation Normandie", DelegationKind.Regionale, "28", "76540"),
            ("HDF-NPDC", "Délégation Hauts-de-France — Nord-Pas-de-Calais", DelegationKind.Interdepartementale, "32", "59350"),
            ("HDF-PIC", "Délégation Hauts-de-France — Picardie", DelegationKind.Interdepartementale, "32", "80021"),
            ("GE-ALS", "Délégation Grand Est — Alsace-Moselle", DelegationKind.Interdepartementale, "44", "57463"),
            ("GE-CAL", "Délégation Grand Est — Champagne-Ardenne-Lorraine", DelegationKind.Interdepartementale, "44", "51108"),
            ("PDL", "Délégation Pays de la Loire", DelegationKind.Regionale, "52", "44109"),
            ("BRE", "Délégation Bretagne", DelegationKind.Regionale, "53", "35238"),
            ("NAQ-AQ", "Délégation Nouvelle-Aquitaine — Aquitaine", DelegationKind.Interdepartementale, "75", "33063"),
            ("NAQ-LPC", "Délégation Nouvelle-Aquitaine — Limousin-Poitou-Charentes", DelegationKind.Interdepartementale, "75", "87085"),
            ("OCC-MP", "Délégation Occitanie — Midi-Pyrénées", DelegationKind.Interdepartementale, "76", "31555"),
            ("OCC-LR", "Délégation Occitanie — Languedoc-Roussillon", DelegationKind.Interdepartementale, "76", "34172"),
            ("ARA-RA", "Délégation Auvergne-Rhône-Alpes — Rhône-Alpes", DelegationKind.Interdepartementale, "84", "69123"),
            ("ARA-AUV", "Délégation Auvergne-Rhône-Alpes — Auvergne", DelegationKind.Interdepartementale, "84", "63113"),
            ("PACA", "Délégation Provence-Alpes-Côte d'Azur", DelegationKind.Regionale, "93", "13055"),
            ("COR", "Délégation Corse", DelegationKind.Regionale, "94", "2A004"),
            ("GUA", "Délégation Guadeloupe", DelegationKind.Regionale, "01", "97105"),
            ("MAR", "Délégation Martinique", DelegationKind.Regionale, "02", "97209"),
            ("GUY", "Délégation Guyane", DelegationKind.Regionale, "03", "97302"),
            ("REU", "Délégation La Réunion", DelegationKind.Regionale, "04", "97411"),
            ("MAY", "Délégation Mayotte", DelegationKind.Regionale, "06", "97611"),
            ("INET", "Institut national des études territoriales (INET)", DelegationKind.Inet, "44", "67482"),
            ("INSET-ANG", "INSET d'Angers", DelegationKind.Inset, "52", "49007"),
            ("INSET-DUN", "INSET de Dunkerque", DelegationKind.Inset, "32", "59183"),
            ("INSET-MTP", "INSET de Montpellier", DelegationKind.Inset, "76", "34172"),
            ("INSET-NAN", "INSET de Nancy", DelegationKind.Inset, "44", "54395"),
        ];
        return [.. rows.Select((r, i) => new Delegation
        {
            Id = i + 1, Code = r.Code, Name = r.Name, Kind = r.Kind, RegionCode = r.Region, CommuneCode = r.Commune,
        })];
    }

    private static (List<TrainingDomain>, List<Theme>, List<Course>) BuildCatalogue(Random random)
    {
        var domains = new List<TrainingDomain>();
        var themes = new List<Theme>();
        var titles = new List<(Theme Theme, CatalogueTemplates.ThemeTemplate Template, string Title)>();
        foreach (var (d, domainIndex) in CatalogueTemplates.Domains.Select((d, i) => (d, i)))
        {
            domains.Add(new TrainingDomain { Id = domainIndex + 1, Code = d.Code, Name = d.Name });
            foreach (var t in d.Themes)
            {
                var theme = new Theme
                {
                    Id = themes.Count + 1, Code = t.Code, Name = t.Name, DomainId = domainIndex + 1,
                    TerritorialisationThreshold = t.Threshold,
                };
                themes.Add(theme);
                titles.AddRange(t.Titles.Select(title => (theme, t, title)));
            }
        }

        // Each title first at its base level, then with levels, until the catalogue has its size.
        var courses = new List<Course>(CoursesCount);
        for (var round = 0; courses.Count < CoursesCount; round++)
        {
            foreach (var (theme, template, title) in titles)
            {
                if (courses.Count == CoursesCount)
                {
                    break;
                }

                var level = CatalogueTemplates.Levels[round % CatalogueTemplates.Levels.Length];
                var course = NewCourse(random, courses.Count + 1, theme, template, title + level);
                if (round > 0 && course.ObligationKind == ObligationKind.Integration)
                {
                    continue; // formation d'intégration has no levels
                }

                courses.Add(course);
            }
        }

        return (domains, themes, courses);
    }

    private static Course NewCourse(Random random, int id, Theme theme, CatalogueTemplates.ThemeTemplate template, string title)
    {
        var categories = template.Categories;
        var obligation = ObligationKind.None;
        decimal duration = random.Next(6) switch { 0 => 0.5m, 1 or 2 => 1m, 3 => 2m, 4 => 3m, _ => 4m };
        if (template.Code == "STAT-INT")
        {
            obligation = ObligationKind.Integration;
            categories = title.EndsWith('A') ? TargetCategories.A : title.EndsWith('B') ? TargetCategories.B : TargetCategories.C;
            duration = categories == TargetCategories.C ? 5m : 10m;
        }
        else if (template.Code == "STAT-PRO")
        {
            obligation = title.Contains("premier emploi", StringComparison.Ordinal) ? ObligationKind.ProfessionnalisationPremierEmploi
                : title.Contains("carrière", StringComparison.Ordinal) ? ObligationKind.ProfessionnalisationToutAuLongDeLaCarriere
                : ObligationKind.ProfessionnalisationPriseDePoste;
            duration = 3m;
        }

        var modality = template.PaidReason is not null || obligation == ObligationKind.Integration
            ? Modality.Presentiel
            : random.Next(20) switch { < 13 => Modality.Presentiel, < 16 => Modality.Distanciel, < 18 => Modality.Hybride, _ => Modality.ELearning };
        if (modality == Modality.ELearning)
        {
            duration = 0.5m;
        }

        var opener = CatalogueTemplates.DescriptionOpeners[random.Next(CatalogueTemplates.DescriptionOpeners.Length)];
        var goal = CatalogueTemplates.DescriptionGoals[random.Next(CatalogueTemplates.DescriptionGoals.Length)];
        var course = new Course
        {
            Id = id,
            Code = string.Create(CultureInfo.InvariantCulture, $"{template.Code.Replace("-", "", StringComparison.Ordinal)}{id:000}"),
            Title = title,
            Description = $"{opener} {goal}. Thème : {theme.Name.ToLower(CultureInfo.GetCultureInfo("fr-FR"))}.",
            ThemeId = theme.Id,
            Modality = modality,
            DurationDays = duration,
            TargetCategories = categories,
            Funding = template.PaidReason is null ? Funding.Cotisation : Funding.Paid,
            PaidReason = template.PaidReason,
            PricePerTrainee = template.PaidReason is null ? null : 150m * random.Next(2, 9),
            ObligationKind = obligation,
        };
        course.SearchText = CnfptDbContext.CourseSearchText(course);
        return course;
    }

    private (List<Collectivite>, List<Perimetre>) BuildCollectivites(Random random)
    {
        var scale = _options.Scale;
        var sirens = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Collectivite>();
        var communesByCode = _reference.Communes.ToDictionary(c => c.Code);
        var departementsByCode = _reference.Departements.ToDictionary(d => d.Code);

        Collectivite Add(string siren, string name, CollectiviteType type, ReferenceData.CommuneRow place, int? population, int headcount)
        {
            var c = new Collectivite
            {
                Id = result.Count + 1, Siren = siren, Name = name, Type = type, CommuneCode = place.Code,
                DepartementCode = place.Departement, RegionCode = place.Region,
                Strate = Strates.Of(population ?? headcount), Population = population, AgentHeadcount = headcount,
                ExchangePreference = random.Next(5) == 0 ? ExchangePreference.Paper : ExchangePreference.Digital,
            };
            result.Add(c);
            return c;
        }

        string NewSiren(string prefix)
        {
            while (true)
            {
                var free = 8 - prefix.Length;
                var candidate = Siren.WithCheckDigit(prefix + random.Next(0, (int)Math.Pow(10, free)).ToString(new string('0', free), CultureInfo.InvariantCulture));
                if (sirens.Add(candidate))
                {
                    return candidate;
                }
            }
        }

        // Communes (real names, codes and SIRENs) across strates: large, medium and small.
        var bySize = _reference.Communes.Where(c => Siren.IsValid(c.Siren)).OrderByDescending(c => c.Population).ToList();
        var communeRows = new List<ReferenceData.CommuneRow>();
        var perBand = Math.Min(bySize.Count / 3, 9 * scale);
        communeRows.AddRange(bySize.Take(perBand));
        communeRows.AddRange(bySize.Skip(bySize.Count / 3).Take(perBand));
        communeRows.AddRange(bySize.Skip(2 * bySize.Count / 3).Take(perBand));
        foreach (var row in communeRows.Where(r => sirens.Add(r.Siren)))
        {
            Add(row.Siren, $"Commune de {row.Name}", CollectiviteType.Commune, row, row.Population, Math.Max(3, row.Population / 70));
        }

        var placedCommunes = result.Select(c => c.CommuneCode).ToHashSet(StringComparer.Ordinal);
        foreach (var epci in _reference.Epcis.Where(e => Siren.IsValid(e.Siren) && e.MemberCodes.Any(placedCommunes.Contains)).Take(8 * scale))
        {
            if (sirens.Add(epci.Siren))
            {
                Add(epci.Siren, epci.Name, CollectiviteType.Epci, communesByCode[epci.MemberCodes[0]], epci.Population, Math.Max(20, epci.Population / 200));
            }
        }

        // Départements, régions, CCAS, SDIS and CDG sit in the chef-lieu of the first communes' départements.
        var seats = communeRows.Select(r => r.Departement).Distinct(StringComparer.Ordinal).ToList();
        ReferenceData.CommuneRow ChefLieuOf(string departement) =>
            bySize.First(c => c.Departement == departement);
        foreach (var dep in seats.Take(4 * scale))
        {
            var depDigits = dep.Replace("2A", "20", StringComparison.Ordinal).Replace("2B", "20", StringComparison.Ordinal)[..2];
            Add(NewSiren("22" + depDigits),
                $"Département — {departementsByCode[dep].Name}", CollectiviteType.Departement, ChefLieuOf(dep), null, random.Next(1_500, 6_000));
            Add(NewSiren("28" + depDigits), $"SDIS — {departementsByCode[dep].Name}", CollectiviteType.Sdis, ChefLieuOf(dep), null, random.Next(300, 1_500));
        }

        foreach (var region in _reference.Regions.Where(r => seats.Any(d => departementsByCode[d].RegionCode == r.Code)).Take(2 * scale))
        {
            var dep = seats.First(d => departementsByCode[d].RegionCode == region.Code);
            Add(NewSiren("23" + region.Code), $"Région {region.Name}", CollectiviteType.Region, ChefLieuOf(dep), null, random.Next(2_000, 8_000));
        }

        foreach (var commune in communeRows.Take(5 * scale))
        {
            Add(NewSiren("26"), $"CCAS de {commune.Name}", CollectiviteType.Ccas, commune, null, random.Next(10, 300));
        }

        foreach (var dep in seats.Take(2 * scale))
        {
            Add(NewSiren("28"), $"Centre de gestion de la FPT — {departementsByCode[dep].Name}", CollectiviteType.Cdg, ChefLieuOf(dep), null, random.Next(30, 200));
        }

        // Above the real communes (large scales), syndicats intercommunaux fill up the count.
        var target = 50 * scale;
        for (var i = 0; result.Count < target; i++)
        {
            var place = communeRows[i % communeRows.Count];
            Add(NewSiren("25"), $"Syndicat intercommunal n° {i + 1} de {place.Name}", CollectiviteType.AutreEtablissementPublic, place, null, random.Next(5, 80));
        }

        // One périmètre per département that has several communes or EPCIs; coordinated by its EPCI if any.
        var perimetres = new List<Perimetre>();
        var delegationByRegion = Delegations.GroupBy(d => d.RegionCode).ToDictionary(g => g.Key, g => g.First(d => d.Kind is DelegationKind.Regionale or DelegationKind.Interdepartementale));
        foreach (var group in result.Where(c => c.Type is CollectiviteType.Commune or CollectiviteType.Epci or CollectiviteType.Ccas)
                     .GroupBy(c => c.DepartementCode).Where(g => g.Count() >= 2).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var coordinator = group.FirstOrDefault(c => c.Type == CollectiviteType.Epci) ?? group.OrderByDescending(c => c.Population).First();
            var perimetre = new Perimetre
            {
                Id = perimetres.Count + 1,
                Name = $"Périmètre {departementsByCode[group.Key].Name}",
                DelegationId = delegationByRegion[group.First().RegionCode].Id,
                CoordinatorId = coordinator.Id,
            };
            perimetres.Add(perimetre);
            foreach (var member in group)
            {
                member.PerimetreId = perimetre.Id;
            }
        }

        return (result, perimetres);
    }

    private List<Agent> BuildAgents(Random random)
    {
        var faker = new Faker("fr") { Random = new Randomizer(_options.Seed) };
        var total = _options.Agents ?? (AgentsPerScale * _options.Scale);
        var weights = Collectivites.Select(c => Math.Sqrt(c.AgentHeadcount)).ToArray();
        var sum = weights.Sum();
        var agents = new List<Agent>(total);
        for (var i = 0; i < Collectivites.Count; i++)
        {
            var collectivite = Collectivites[i];
            var count = i == Collectivites.Count - 1 ? total - agents.Count : Math.Max(5, (int)(total * weights[i] / sum));
            for (var n = 0; n < count && agents.Count < total; n++)
            {
                var category = random.Next(100) switch { < 11 => AgentCategory.A, < 25 => AgentCategory.B, _ => AgentCategory.C };
                var cadres = CatalogueTemplates.CadresEmplois[category];
                var appointment = _options.ReferenceDate.AddDays(-random.Next(0, 365 * 25));
                var status = random.Next(100) switch { < 8 => AgentStatus.Stagiaire, < 78 => AgentStatus.Titulaire, _ => AgentStatus.Contractuel };
                if (status == AgentStatus.Stagiaire)
                {
                    appointment = _options.ReferenceDate.AddDays(-random.Next(0, 365));
                }

                agents.Add(new Agent
                {
                    Id = agents.Count + 1,
                    CollectiviteId = collectivite.Id,
                    EmployerReference = string.Create(CultureInfo.InvariantCulture, $"MAT{n + 1:00000}"),
                    LastName = faker.Name.LastName(),
                    FirstName = faker.Name.FirstName(),
                    BirthDate = appointment.AddYears(-random.Next(20, 45)).AddDays(-random.Next(0, 365)),
                    Category = category,
                    Status = status,
                    CadreEmplois = cadres[random.Next(cadres.Length)],
                    AppointmentDate = appointment,
                    CreatedAt = SeededAt,
                    UpdatedAt = SeededAt,
                });
            }
        }

        return agents;
    }

    private List<Session> BuildSessions(Random random)
    {
        var reference = _options.ReferenceDate;
        var communesByRegion = _reference.Communes.GroupBy(c => c.Region).ToDictionary(g => g.Key, g => g.ToList());
        var perimetresByRegion = Perimetres
            .GroupBy(p => Delegations[p.DelegationId - 1].RegionCode)
            .ToDictionary(g => g.Key, g => g.ToList());
        var count = _options.Sessions ?? (SessionsPerScale * _options.Scale);
        var sessions = new List<Session>(count);
        for (var id = 1; id <= count; id++)
        {
            var course = Courses[random.Next(Courses.Count)];
            var delegation = Delegations[random.Next(Delegations.Count)];
            var regionCommunes = communesByRegion[delegation.RegionCode];
            var remote = course.Modality is Modality.Distanciel or Modality.ELearning;
            var commune = remote ? delegation.CommuneCode : regionCommunes[random.Next(regionCommunes.Count)].Code;
            var start = reference.AddDays(random.Next(-365, 366));
            start = start.DayOfWeek switch { DayOfWeek.Saturday => start.AddDays(2), DayOfWeek.Sunday => start.AddDays(1), _ => start };
            var end = AddWorkingDays(start, (int)Math.Ceiling(course.DurationDays) - 1);
            var capacity = course.PaidReason == PaidReason.Caces ? random.Next(6, 9) : random.Next(12, 26);
            var status = end < reference ? (random.Next(20) == 0 ? SessionStatus.Cancelled : SessionStatus.Completed)
                : start <= reference ? SessionStatus.Closed
                : start > reference.AddDays(240) ? SessionStatus.Planned
                : random.Next(30) == 0 ? SessionStatus.Cancelled
                : SessionStatus.OpenForEnrolment;
            int? perimetreId = random.Next(20) == 0 && perimetresByRegion.TryGetValue(delegation.RegionCode, out var local)
                ? local[random.Next(local.Count)].Id
                : null;
            var session = new Session
            {
                Id = id,
                CourseId = course.Id,
                DelegationId = delegation.Id,
                CommuneCode = commune,
                Venue = remote ? "À distance (classe virtuelle)" : $"{delegation.Name}, salle {random.Next(1, 12)}",
                StartDate = start,
                EndDate = end,
                Capacity = capacity,
                Status = status,
                PerimetreId = perimetreId,
            };
            (session.CreatedAt, session.UpdatedAt) = TimestampsOf(session);
            sessions.Add(session);
            session.SeatsTaken = EnrolmentsOf(session).Count(e => e.Status is EnrolmentStatus.Accepted or EnrolmentStatus.Attended or EnrolmentStatus.Absent);
            if (session.Status == SessionStatus.OpenForEnrolment && session.SeatsTaken == session.Capacity)
            {
                session.Status = SessionStatus.Full;
            }
        }

        return sessions;
    }

    private static DateOnly AddWorkingDays(DateOnly start, int days)
    {
        var date = start;
        while (days > 0)
        {
            date = date.AddDays(1);
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days--;
            }
        }

        return date;
    }

    /// <summary>
    /// When a session was published and last changed, from its own generator (the shared one's sequence, and so the
    /// rest of the data, stays as it was): published 5 to 9 months before it starts, and at least 35 days before
    /// "today" so that no enrolment predates it; one in three changed since (dates moved, room, capacity), by "today".
    /// </summary>
    private (DateTimeOffset Created, DateTimeOffset Updated) TimestampsOf(Session session)
    {
        var random = new Random(unchecked((_options.Seed * 7919) ^ (session.Id * 31)));
        var today = new DateTimeOffset(_options.ReferenceDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        DateTimeOffset OfficeHours(DateOnly day) => new(day.ToDateTime(new TimeOnly(8 + random.Next(10), random.Next(60), random.Next(60))), TimeSpan.Zero);
        var created = OfficeHours(session.StartDate.AddDays(-random.Next(150, 271)));
        if (created > today.AddDays(-35))
        {
            created = OfficeHours(_options.ReferenceDate.AddDays(-random.Next(35, 61)));
        }

        if (random.Next(3) != 0)
        {
            return (created, created);
        }

        var days = (int)(today - created).TotalDays;
        var updated = OfficeHours(DateOnly.FromDateTime(created.UtcDateTime).AddDays(random.Next(1, Math.Max(2, days))));
        return (created, updated > created && updated < today ? updated : created);
    }

    /// <summary>The enrolments of one session, from a generator seeded by (seed, session id): pure and repeatable.</summary>
    private List<Enrolment> EnrolmentsOf(Session session)
    {
        var result = new List<Enrolment>();
        if (session.Status == SessionStatus.Planned)
        {
            return result;
        }

        // Not HashCode.Combine: it is randomised per process, and the data must be the same in every run.
        var random = new Random(unchecked((_options.Seed * 397) ^ session.Id));
        var course = _coursesById[session.CourseId];
        var pools = Enum.GetValues<AgentCategory>()
            .Where(c => course.TargetCategories.HasFlag(Categories.Of(c)) && _agentsByCategory.ContainsKey(c))
            .Select(c => _agentsByCategory[c])
            .ToList();
        if (pools.Count == 0)
        {
            return result;
        }

        // Most sessions fill partly; one in eight is in demand beyond its capacity (waitlist, refusals).
        var wanted = random.Next(6) == 0 ? session.Capacity + random.Next(6, 14) : random.Next(0, Math.Min(12, session.Capacity));
        var reference = _options.ReferenceDate;
        var chosen = new HashSet<int>();
        var seats = 0;
        for (var attempt = 0; result.Count < wanted && attempt < wanted * 4; attempt++)
        {
            var pool = pools[random.Next(pools.Count)];
            var agent = pool[random.Next(pool.Count)];
            if (!chosen.Add(agent.Id))
            {
                continue;
            }

            var submitted = new DateTimeOffset(session.StartDate.AddDays(-random.Next(20, 120)).ToDateTime(new TimeOnly(8 + random.Next(10), random.Next(60))), TimeSpan.Zero);
            var referenceInstant = new DateTimeOffset(reference.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (submitted > referenceInstant)
            {
                submitted = referenceInstant.AddDays(-random.Next(1, 30)).AddMinutes(random.Next(600));
            }

            var enrolment = new Enrolment
            {
                CollectiviteId = agent.CollectiviteId,
                AgentId = agent.Id,
                SessionId = session.Id,
                Motive = course.ObligationKind != ObligationKind.None ? "Obligation statutaire de formation" : "Adaptation au poste de travail",
                ObligationKind = course.ObligationKind,
                SubmittedAt = submitted,
                SubmittedBy = "seed",
                UpdatedAt = submitted,
            };
            var decidedAt = submitted.AddDays(random.Next(1, 10));
            void Move(EnrolmentStatus to, DateTimeOffset at, string actor, string? reason = null)
            {
                enrolment.Events.Add(new EnrolmentEvent
                {
                    FromStatus = enrolment.Events.Count == 0 ? null : enrolment.Status, ToStatus = to, OccurredAt = at, Actor = actor, Reason = reason,
                });
                enrolment.Status = to;
                enrolment.UpdatedAt = at;
            }

            Move(EnrolmentStatus.Submitted, submitted, "seed");
            Move(EnrolmentStatus.Acknowledged, submitted, "system", "Accusé de réception émis à la réception du bulletin");
            enrolment.Acknowledgement = new Acknowledgement
            {
                CollectiviteId = agent.CollectiviteId,
                Number = "",
                IssuedAt = submitted,
                Content = JsonSerializer.Serialize(new { agentId = agent.Id, sessionId = session.Id, motive = enrolment.Motive, submittedAt = submitted }),
            };

            var roll = random.Next(100);
            if (session.Status == SessionStatus.Cancelled)
            {
                enrolment.CancellationReason = "Session annulée par la délégation";
                Move(EnrolmentStatus.Cancelled, decidedAt, "backoffice", enrolment.CancellationReason);
            }
            else if (roll < 5)
            {
                Move(EnrolmentStatus.Refused, decidedAt, "backoffice", "Prérequis non remplis");
            }
            else if (roll < 11)
            {
                enrolment.CancellationReason = "Indisponibilité de l'agent";
                Move(EnrolmentStatus.Cancelled, decidedAt, "seed", enrolment.CancellationReason);
            }
            else if (roll < 25 && session.Status == SessionStatus.OpenForEnrolment)
            {
                // Still awaiting the délégation's decision.
            }
            else if (seats < session.Capacity)
            {
                seats++;
                Move(EnrolmentStatus.Accepted, decidedAt, "backoffice");
                if (session.Status == SessionStatus.Completed)
                {
                    var end = new DateTimeOffset(session.EndDate.ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero);
                    Move(random.Next(100) < 88 ? EnrolmentStatus.Attended : EnrolmentStatus.Absent, end, "backoffice");
                }
            }
            else if (session.Status is SessionStatus.OpenForEnrolment or SessionStatus.Closed)
            {
                enrolment.WaitlistedAt = decidedAt;
                Move(EnrolmentStatus.Waitlisted, decidedAt, "system", "Session complète : inscription en liste d'attente");
            }
            else
            {
                Move(EnrolmentStatus.Refused, decidedAt, "backoffice", "Session complète");
            }

            result.Add(enrolment);
        }

        return result;
    }
}
