namespace Cnfpt.OpenApi.Core.Domain;

// Enums are stored as text so that SQL, exports and logs stay readable and so that adding a member
// never renumbers existing rows.

public enum DelegationKind { Regionale, Interdepartementale, Inet, Inset }

public enum CollectiviteType { Commune, Epci, Departement, Region, Ccas, Cias, Sdis, Cdg, AutreEtablissementPublic }

/// <summary>Strate démographique (population for communes and EPCIs, headcount bands otherwise).</summary>
public enum Strate
{
    MoinsDe1000,
    De1000A3499,
    De3500A9999,
    De10000A19999,
    De20000A49999,
    De50000A99999,
    PlusDe100000,
}

public enum ExchangePreference { Digital, Paper }

/// <summary>Catégorie hiérarchique of an agent.</summary>
public enum AgentCategory { A, B, C }

/// <summary>The catégories a course is meant for (a set).</summary>
[Flags]
public enum TargetCategories { None = 0, A = 1, B = 2, C = 4, All = A | B | C }

public enum AgentStatus { Titulaire, Stagiaire, Contractuel }

/// <summary>
/// How a course or a session is delivered. <see cref="ClasseVirtuelle"/> (a dated, live remote session) is what a
/// session of a <see cref="Distanciel"/> course is; API v2 says so, v1 does not know the member (docs/migration-v1-v2.md).
/// </summary>
public enum Modality { Presentiel, Distanciel, ELearning, Hybride, ClasseVirtuelle }

public enum Funding { Cotisation, Paid }

/// <summary>Why a course is outside the cotisation.</summary>
public enum PaidReason { Caces, Chsct, PoliceArmament }

/// <summary>The statutory obligation a course satisfies (décret 2008-512).</summary>
public enum ObligationKind
{
    None,
    Integration,
    ProfessionnalisationPremierEmploi,
    ProfessionnalisationToutAuLongDeLaCarriere,
    ProfessionnalisationPriseDePoste,
}

public enum SessionStatus { Planned, OpenForEnrolment, Full, Closed, Cancelled, Completed }

public enum EnrolmentStatus { Submitted, Acknowledged, Accepted, Waitlisted, Refused, Attended, Absent, Cancelled }

public enum HalfDay { Morning, Afternoon }

public enum AttestationStatus { Valid, Revoked }

public enum NeedPriority { Low, Medium, High }

public enum NeedStatus { Submitted, Pooled, Scheduled, Declined, Withdrawn }

/// <summary>Withdrawn: withdrawals brought the demand back below the threshold before it was scheduled.</summary>
public enum SessionProposalStatus { Proposed, Scheduled, Declined, Withdrawn }

public enum ModuleProgressStatus { NotStarted, Started, Completed }

/// <summary>A learner's question to the remote tutor of a module: Open until the tutor answers, Closed by the collectivité.</summary>
public enum TutorRequestStatus { Open, Answered, Closed }
