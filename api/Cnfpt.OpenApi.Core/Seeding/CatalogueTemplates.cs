using Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Core.Seeding;

/// <summary>
/// The shape of a CNFPT-like offer: domains, themes and course titles. Titles are written in the style of
/// the real catalogue; the seeder combines them with levels and modalities to reach ~300 courses.
/// </summary>
internal static class CatalogueTemplates
{
    internal sealed record ThemeTemplate(
        string Code,
        string Name,
        int Threshold,
        TargetCategories Categories,
        PaidReason? PaidReason,
        string[] Titles);

    internal sealed record DomainTemplate(string Code, string Name, ThemeTemplate[] Themes);

    private const TargetCategories All = TargetCategories.All;
    private const TargetCategories AB = TargetCategories.A | TargetCategories.B;
    private const TargetCategories BC = TargetCategories.B | TargetCategories.C;

    public static readonly DomainTemplate[] Domains =
    [
        new("MGT", "Management", [
            new("MGT-EQ", "Management d'équipe", 15, AB, null, [
                "Manager une équipe de proximité", "Conduire un entretien professionnel annuel",
                "Prévenir et gérer les conflits au sein de l'équipe", "Animer une réunion efficace",
                "Déléguer et responsabiliser ses collaborateurs", "Manager à distance une équipe hybride"]),
            new("MGT-PRJ", "Conduite de projet", 13, AB, null, [
                "Piloter un projet de service public local", "Conduire le changement dans une collectivité",
                "Évaluer une politique publique locale", "Mettre en œuvre une démarche qualité"]),
        ]),
        new("FIN", "Finances et gestion financière", [
            new("FIN-BUD", "Budget et comptabilité publique", 15, All, null, [
                "Élaborer et exécuter le budget d'une collectivité", "La nomenclature M57 : mise en œuvre",
                "Comptabilité d'engagement et clôture de l'exercice", "Analyse financière rétrospective et prospective",
                "Préparer le débat d'orientation budgétaire"]),
            new("FIN-ACH", "Commande publique", 15, All, null, [
                "Les fondamentaux de la commande publique", "Rédiger un cahier des clauses techniques particulières",
                "Analyser les offres d'un marché public", "Exécution financière des marchés publics"]),
        ]),
        new("RH", "Ressources humaines", [
            new("RH-GES", "Gestion statutaire et paie", 15, All, null, [
                "Le statut de la fonction publique territoriale", "La paie des agents territoriaux",
                "Gérer les absences pour raison de santé", "Carrière des agents : avancements et promotions",
                "Le recrutement des agents contractuels"]),
            new("RH-GPEC", "Gestion prévisionnelle des emplois", 13, AB, null, [
                "Élaborer le plan de développement des compétences", "Les lignes directrices de gestion",
                "Conduire la gestion prévisionnelle des emplois et des compétences", "Réaliser le rapport social unique"]),
            new("RH-SST", "Santé et sécurité au travail", 12, All, null, [
                "Assistant de prévention : formation initiale", "Prévenir les risques psychosociaux",
                "Évaluer les risques professionnels et le document unique", "Prévention des troubles musculo-squelettiques"]),
        ]),
        new("NUM", "Numérique et systèmes d'information", [
            new("NUM-DATA", "Données et transformation numérique", 13, All, null, [
                "Ouvrir et publier les données publiques", "Protection des données personnelles : le RGPD en collectivité",
                "Accessibilité numérique des services en ligne", "Piloter un projet de dématérialisation"]),
            new("NUM-BUR", "Bureautique et outils collaboratifs", 15, All, null, [
                "Tableur : fonctions de calcul et tableaux croisés", "Traitement de texte : documents longs et publipostage",
                "Travailler avec les outils collaboratifs", "Cybersécurité : les bons réflexes au bureau"]),
        ]),
        new("SEC", "Sécurité et police municipale", [
            new("SEC-PM", "Police municipale", 12, All, null, [
                "Formation continue obligatoire des policiers municipaux", "Police de la route et de la circulation",
                "Gestion des conflits et des situations difficiles sur la voie publique", "Rédaction des écrits professionnels en police municipale"]),
            new("SEC-ARM", "Armement des policiers municipaux", 12, BC, PaidReason.PoliceArmament, [
                "Formation préalable à l'armement : arme de poing", "Entraînement au maniement des armes",
                "Armement de catégorie D : bâton et générateur d'aérosol"]),
            new("SEC-ERP", "Sécurité des bâtiments et des ERP", 15, All, null, [
                "Sécurité incendie dans les établissements recevant du public", "Accessibilité des ERP : obligations et diagnostic"]),
        ]),
        new("ENF", "Petite enfance, éducation et jeunesse", [
            new("ENF-PE", "Petite enfance", 15, BC, null, [
                "Accueillir le jeune enfant et sa famille en crèche", "Éveil et développement de l'enfant de 0 à 3 ans",
                "Prévention et hygiène en structure petite enfance", "Accompagner l'enfant en situation de handicap"]),
            new("ENF-ATS", "Animation et ATSEM", 15, TargetCategories.C, null, [
                "Le rôle de l'ATSEM dans la communauté éducative", "Animer le temps périscolaire",
                "Sécurité et surveillance des enfants en accueil collectif"]),
        ]),
        new("TEC", "Technique, environnement et patrimoine", [
            new("TEC-CACES", "Conduite d'engins (CACES)", 12, BC, PaidReason.Caces, [
                "CACES R482 : engins de chantier", "CACES R486 : plates-formes élévatrices mobiles de personnes",
                "CACES R489 : chariots de manutention", "CACES R490 : grues de chargement"]),
            new("TEC-ESP", "Espaces verts et biodiversité", 15, BC, null, [
                "Gestion différenciée des espaces verts", "Taille des arbres d'ornement",
                "Zéro phyto : alternatives au désherbage chimique", "Concevoir un plan de gestion de la biodiversité"]),
            new("TEC-BAT", "Bâtiment et énergie", 15, All, null, [
                "Maintenance des bâtiments communaux", "Réduire les consommations énergétiques du patrimoine bâti",
                "Habilitation électrique B0-H0V", "Habilitation électrique BR et BC"]),
            new("TEC-VOI", "Voirie et réseaux", 13, BC, null, [
                "Signalisation temporaire de chantier", "Entretien de la voirie communale",
                "Viabilité hivernale des routes"]),
        ]),
        new("SOC", "Action sociale et santé", [
            new("SOC-ACC", "Accueil et accompagnement social", 15, All, null, [
                "Accueillir les publics en situation de précarité", "L'analyse des besoins sociaux du CCAS",
                "Accompagner les personnes âgées à domicile", "Prévenir la maltraitance des personnes vulnérables"]),
            new("SOC-CHSCT", "Formation des membres de la F3SCT (ex-CHSCT)", 12, All, PaidReason.Chsct, [
                "Formation des représentants du personnel en F3SCT", "Le rôle de la F3SCT dans la prévention"]),
        ]),
        new("CIT", "Citoyenneté, affaires juridiques et institutions", [
            new("CIT-JUR", "Affaires juridiques et assemblées", 15, All, null, [
                "Rédiger les actes administratifs", "Le fonctionnement du conseil municipal",
                "La responsabilité pénale des élus et des agents", "État civil : actes et mentions"]),
            new("CIT-ACC", "Accueil et relation à l'usager", 15, All, null, [
                "Accueillir le public physique et téléphonique", "Gérer l'agressivité des usagers",
                "Écrire simplement pour l'usager"]),
        ]),
        new("STAT", "Formations statutaires", [
            new("STAT-INT", "Formation d'intégration", 12, All, null, [
                "Formation d'intégration des agents de catégorie A", "Formation d'intégration des agents de catégorie B",
                "Formation d'intégration des agents de catégorie C"]),
            new("STAT-PRO", "Professionnalisation", 12, All, null, [
                "Professionnalisation au premier emploi : environnement territorial",
                "Professionnalisation tout au long de la carrière : actualiser ses pratiques",
                "Prise de poste à responsabilité : encadrer dans une collectivité"]),
        ]),
    ];

    public static readonly string[] Levels = ["", " — initiation", " — perfectionnement", " — approfondissement", " — actualisation"];

    public static readonly string[] DescriptionOpeners =
    [
        "Cette formation permet aux agents de",
        "À l'issue de la formation, les participants seront capables de",
        "Ce stage a pour objectif de",
        "Formation destinée aux agents territoriaux souhaitant",
    ];

    public static readonly string[] DescriptionGoals =
    [
        "maîtriser le cadre réglementaire et ses évolutions récentes",
        "adapter leurs pratiques professionnelles aux besoins des usagers",
        "s'approprier les outils et méthodes utilisés en collectivité",
        "sécuriser leurs procédures et prévenir les risques",
        "échanger sur leurs pratiques à partir de cas concrets",
    ];

    /// <summary>Cadres d'emplois by catégorie, the ones that are most frequent in collectivités.</summary>
    public static readonly Dictionary<AgentCategory, string[]> CadresEmplois = new()
    {
        [AgentCategory.A] = ["Attaché territorial", "Ingénieur territorial", "Conservateur du patrimoine",
            "Puéricultrice territoriale", "Directeur de police municipale", "Conseiller socio-éducatif"],
        [AgentCategory.B] = ["Rédacteur territorial", "Technicien territorial", "Animateur territorial",
            "Chef de service de police municipale", "Assistant territorial socio-éducatif", "Éducateur des APS"],
        [AgentCategory.C] = ["Adjoint administratif territorial", "Adjoint technique territorial",
            "Agent de maîtrise territorial", "Agent spécialisé des écoles maternelles (ATSEM)",
            "Adjoint d'animation territorial", "Agent de police municipale", "Auxiliaire de puériculture"],
    };
}
