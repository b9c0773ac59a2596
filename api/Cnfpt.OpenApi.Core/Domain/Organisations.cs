namespace Cnfpt.OpenApi.Core.Domain;

/// <summary>A CNFPT délégation (régionale or interdépartementale) or school (INET, INSET) that runs sessions.</summary>
public sealed class Delegation
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public DelegationKind Kind { get; set; }
    public required string RegionCode { get; set; }
    public Region? Region { get; set; }
    /// <summary>INSEE code of the commune of its main site.</summary>
    public required string CommuneCode { get; set; }
    public Commune? Commune { get; set; }
    public List<Session> Sessions { get; } = [];
}

/// <summary>An employer (collectivité territoriale or établissement public), identified by its SIREN.</summary>
public sealed class Collectivite
{
    public int Id { get; set; }
    /// <summary>Nine digits passing the Luhn check (<see cref="Rules.Siren"/>).</summary>
    public required string Siren { get; set; }
    public required string Name { get; set; }
    public CollectiviteType Type { get; set; }
    /// <summary>INSEE code of the commune where it sits.</summary>
    public required string CommuneCode { get; set; }
    public Commune? Commune { get; set; }
    public required string DepartementCode { get; set; }
    public required string RegionCode { get; set; }
    public Strate Strate { get; set; }
    /// <summary>Population for communes and EPCIs, null for others.</summary>
    public int? Population { get; set; }
    public int AgentHeadcount { get; set; }
    public ExchangePreference ExchangePreference { get; set; }
    public int? PerimetreId { get; set; }
    public Perimetre? Perimetre { get; set; }
}

/// <summary>A group of collectivités pooling their training plans; one of them coordinates.</summary>
public sealed class Perimetre
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int DelegationId { get; set; }
    public Delegation? Delegation { get; set; }
    public int? CoordinatorId { get; set; }
    public Collectivite? Coordinator { get; set; }
    public List<Collectivite> Members { get; } = [];
}

/// <summary>
/// A collectivité's grant to an API client (an HR software vendor) to act for it, from a start date,
/// until an optional end or a revocation.
/// </summary>
public sealed class Mandate
{
    public int Id { get; set; }
    public int CollectiviteId { get; set; }
    public Collectivite? Collectivite { get; set; }
    /// <summary>The OAuth client id of the vendor application.</summary>
    public required string ClientId { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public required string GrantedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

/// <summary>An employee of a collectivité, with the minimum personal data the mission needs.</summary>
public sealed class Agent
{
    public int Id { get; set; }
    public int CollectiviteId { get; set; }
    public Collectivite? Collectivite { get; set; }
    /// <summary>The employer's own identifier (payroll number), unique within the collectivité.</summary>
    public required string EmployerReference { get; set; }
    public required string LastName { get; set; }
    public required string FirstName { get; set; }
    /// <summary>Only kept where an attestation needs it.</summary>
    public DateOnly? BirthDate { get; set; }
    public AgentCategory Category { get; set; }
    public AgentStatus Status { get; set; }
    public required string CadreEmplois { get; set; }
    /// <summary>Date of appointment (nomination as stagiaire): starts the integration and premier-emploi periods.</summary>
    public DateOnly AppointmentDate { get; set; }

    /// <summary>
    /// When the agent took up a post with responsibility (poste à responsabilité), if ever: starts the
    /// six-month professionnalisation obligation (Rules/TrainingObligations).
    /// </summary>
    public DateOnly? ResponsibilityPostDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Row version: incremented on every update, the ETag of the resource.</summary>
    public int Version { get; set; } = 1;
}
