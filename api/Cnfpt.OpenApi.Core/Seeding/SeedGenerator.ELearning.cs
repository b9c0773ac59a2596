using System.Globalization;
using Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Core.Seeding;

/// <summary>
/// Demo e-learning: a dozen modules of about an hour with their diagnostic statements, one national campaign
/// (programme 1: RGPD and cybersecurity for every agent of collectivités 1–15) and the progress the learning
/// platform would have reported for it, plus some progress in other modules.
/// </summary>
public sealed partial class SeedGenerator
{
    private const int ProgrammeCollectivites = 15;

    private static readonly (string Theme, string Title, string Description, int Minutes, (string Skill, string Statement, bool IsTrue)[] Questions)[] ModuleTemplates =
    [
        ("NUM-DATA", "Les fondamentaux du RGPD", "Principes, bases légales, droits des personnes et registre des traitements d'une collectivité.", 60,
            [("Bases légales du traitement", "Le consentement est la seule base légale possible pour traiter des données d'usagers.", false),
             ("Droits des personnes", "Un usager peut demander la copie des données que la collectivité détient sur lui.", true)]),
        ("NUM-DATA", "Cybersécurité : les bons réflexes", "Hameçonnage, mots de passe, mises à jour et signalement d'incident.", 45,
            [("Hameçonnage", "Un courriel qui affiche le logo de la collectivité vient forcément d'un service interne.", false),
             ("Mots de passe", "Un gestionnaire de mots de passe permet d'avoir un mot de passe différent par service.", true)]),
        ("CIT-ACC", "Accueil du public en situation de handicap", "Accueillir, orienter et communiquer avec un usager selon son handicap.", 60,
            [("Handicaps invisibles", "La plupart des handicaps sont visibles au premier regard.", false),
             ("Communication", "S'adresser directement à la personne plutôt qu'à son accompagnant est la règle.", true)]),
        ("RH-SST", "Prévention des risques routiers", "Le risque routier professionnel, premier risque d'accident mortel au travail.", 60,
            [("Risque routier", "Un trajet domicile-travail peut être reconnu comme accident de trajet.", true),
             ("Téléphone", "Téléphoner avec un kit mains libres supprime le risque d'inattention.", false)]),
        ("RH-SST", "Prévenir les risques psychosociaux", "Repérer, prévenir et agir face aux risques psychosociaux dans une équipe.", 75,
            [("Facteurs de risque", "Le manque d'autonomie dans le travail est un facteur de risque psychosocial.", true)]),
        ("RH-GES", "Les fondamentaux du statut de la fonction publique territoriale", "Carrière, droits et obligations de l'agent territorial.", 60,
            [("Obligations", "L'obligation de neutralité s'applique à tous les agents publics dans l'exercice de leurs fonctions.", true),
             ("Carrière", "Un agent contractuel est titularisé automatiquement après trois ans.", false)]),
        ("FIN-ACH", "Les bases de la commande publique", "Seuils, procédures et principes de la commande publique.", 60,
            [("Principes", "L'égalité de traitement des candidats est un principe de la commande publique.", true)]),
        ("FIN-BUD", "Comprendre le budget communal", "Sections, équilibre et calendrier budgétaire d'une commune.", 45,
            [("Équilibre budgétaire", "Une commune peut emprunter pour payer les salaires de ses agents.", false)]),
        ("CIT-JUR", "Laïcité et neutralité du service public", "Ce que la laïcité impose aux agents et permet aux usagers.", 45,
            [("Neutralité", "Un usager d'un service public peut porter un signe religieux au guichet.", true)]),
        ("RH-GPEC", "Égalité professionnelle entre les femmes et les hommes", "Obligations de la collectivité et leviers d'action.", 60,
            [("Plan d'action", "Les collectivités de plus de 20 000 habitants doivent adopter un plan d'action pour l'égalité professionnelle.", true)]),
        ("RH-SST", "Gestes et postures au travail", "Prévenir les troubles musculo-squelettiques au quotidien.", 30, []),
        ("TEC-BAT", "Sobriété énergétique des bâtiments", "Réduire les consommations des bâtiments publics sans gros travaux.", 90, []),
    ];

    private ELearningData? _elearning;

    public IReadOnlyList<ELearningModule> ELearningModules => (_elearning ??= BuildELearning()).Modules;

    public IReadOnlyList<DiagnosticQuestion> DiagnosticQuestions => (_elearning ??= BuildELearning()).Questions;

    public IReadOnlyList<ELearningProgramme> ELearningProgrammes => (_elearning ??= BuildELearning()).Programmes;

    public IReadOnlyList<ProgrammeModule> ProgrammeModules => (_elearning ??= BuildELearning()).ProgrammeModules;

    public IReadOnlyList<ProgrammeTarget> ProgrammeTargets => (_elearning ??= BuildELearning()).Targets;

    public IReadOnlyList<ModuleProgress> ModuleProgress => (_elearning ??= BuildELearning()).Progress;

    private sealed record ELearningData(
        List<ELearningModule> Modules, List<DiagnosticQuestion> Questions, List<ELearningProgramme> Programmes,
        List<ProgrammeModule> ProgrammeModules, List<ProgrammeTarget> Targets, List<ModuleProgress> Progress);

    private ELearningData BuildELearning()
    {
        // Its own generator: adding e-learning does not change any other seeded row.
        var random = new Random(unchecked(_options.Seed * 37) ^ 0x454C524E);
        var themeByCode = Themes.ToDictionary(t => t.Code);
        var modules = new List<ELearningModule>();
        var questions = new List<DiagnosticQuestion>();
        foreach (var (theme, title, description, minutes, moduleQuestions) in ModuleTemplates)
        {
            var module = new ELearningModule
            {
                Id = modules.Count + 1,
                Code = string.Create(CultureInfo.InvariantCulture, $"ELM{modules.Count + 1:000}"),
                Title = title,
                Description = description,
                ThemeId = themeByCode.TryGetValue(theme, out var t) ? t.Id : Themes[0].Id,
                DurationMinutes = minutes,
                HasDiagnostic = moduleQuestions.Length > 0,
                TutorAvailable = modules.Count % 4 != 3,
                Available = true,
            };
            modules.Add(module);
            foreach (var (skill, statement, isTrue) in moduleQuestions)
            {
                questions.Add(new DiagnosticQuestion { Id = questions.Count + 1, ModuleId = module.Id, Skill = skill, Statement = statement, IsTrue = isTrue });
            }
        }

        var reference = new DateTimeOffset(_options.ReferenceDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var programme = new ELearningProgramme
        {
            Id = 1,
            Name = "Campagne nationale RGPD et cybersécurité",
            Description = "Tous les agents des collectivités 1 à 15 suivent les fondamentaux du RGPD et les bons réflexes de cybersécurité.",
            StartsOn = _options.ReferenceDate.AddMonths(-3),
            EndsOn = _options.ReferenceDate.AddMonths(9),
            CreatedAt = reference.AddMonths(-3),
            CreatedBy = "demo-backoffice",
        };
        int[] programmeModules = [1, 2];
        var targets = Agents.Where(a => a.CollectiviteId <= ProgrammeCollectivites)
            .Select(a => new ProgrammeTarget { ProgrammeId = programme.Id, AgentId = a.Id, CollectiviteId = a.CollectiviteId })
            .ToList();
        programme.TargetedAgents = targets.Count;

        // Progress: most targeted agents have started the campaign's modules, about half finished them; a few
        // agents outside it follow other modules.
        var progress = new List<ModuleProgress>();
        void Report(Agent agent, int moduleId, int startedPercent, int completedPercent)
        {
            var roll = random.Next(100);
            if (roll >= startedPercent)
            {
                return;
            }

            var started = reference.AddDays(-random.Next(10, 80)).AddMinutes(random.Next(8 * 60, 17 * 60));
            var completed = roll < completedPercent;
            progress.Add(new ModuleProgress
            {
                Id = progress.Count + 1,
                AgentId = agent.Id,
                CollectiviteId = agent.CollectiviteId,
                ModuleId = moduleId,
                Status = completed ? ModuleProgressStatus.Completed : ModuleProgressStatus.Started,
                StartedAt = started,
                CompletedAt = completed ? started.AddDays(random.Next(0, 6)) : null,
                TimeSpentMinutes = completed ? random.Next(35, 95) : random.Next(5, 40),
                Score = completed ? random.Next(40, 101) : null,
                LastReportedAt = started.AddDays(6),
            });
        }

        foreach (var agent in Agents)
        {
            if (agent.CollectiviteId <= ProgrammeCollectivites)
            {
                Report(agent, 1, 75, 50);
                Report(agent, 2, 60, 35);
            }
            else
            {
                Report(agent, 3 + random.Next(modules.Count - 2), 10, 6);
            }
        }

        return new ELearningData(modules, questions, [programme],
            [.. programmeModules.Select(m => new ProgrammeModule { ProgrammeId = programme.Id, ModuleId = m })], targets, progress);
    }
}
