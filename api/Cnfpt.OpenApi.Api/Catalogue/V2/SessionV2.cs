using System.Linq.Expressions;
using Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Api.Catalogue.V2;

/// <summary>
/// A session as API v2 shows it (EDM name <c>Session</c>): where it takes place as one structured
/// <see cref="SessionLocation"/>, how it is delivered (its own <see cref="Modality"/>, with
/// <see cref="Modality.ClasseVirtuelle"/>), and the seats left. A projection of <see cref="Session"/> that EF Core
/// inlines into every OData query, so <c>$filter=location/departementCode eq '59'</c> runs in SQL.
/// </summary>
public sealed class SessionV2
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public int DelegationId { get; set; }
    public Delegation? Delegation { get; set; }
    public required SessionLocation Location { get; set; }
    public Commune? Commune { get; set; }
    public Modality Modality { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public int Capacity { get; set; }
    public int SeatsTaken { get; set; }
    /// <summary>Capacity minus accepted enrolments: 0 when the session is full.</summary>
    public int SeatsAvailable { get; set; }
    public SessionStatus Status { get; set; }
    /// <summary>Set when the session is reserved to the collectivités of one périmètre.</summary>
    public int? PerimetreId { get; set; }
    /// <summary>When the session was published (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change of the session's description (UTC); seat counts do not move it. Delta syncs filter on it.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Sessions in the v2 shape. Explicit mapping, on purpose: a released shape never follows the domain by accident.</summary>
    public static readonly Expression<Func<Session, SessionV2>> FromSession = s => new SessionV2
    {
        Id = s.Id,
        CourseId = s.CourseId,
        Course = s.Course,
        DelegationId = s.DelegationId,
        Delegation = s.Delegation,
        Location = new SessionLocation
        {
            Venue = s.Venue,
            CommuneCode = s.CommuneCode,
            CommuneName = s.Commune!.Name,
            DepartementCode = s.Commune.DepartementCode,
        },
        Commune = s.Commune,
        Modality = s.Course!.Modality == Modality.Distanciel ? Modality.ClasseVirtuelle : s.Course.Modality,
        StartDate = s.StartDate,
        EndDate = s.EndDate,
        Capacity = s.Capacity,
        SeatsTaken = s.SeatsTaken,
        SeatsAvailable = s.Capacity - s.SeatsTaken,
        Status = s.Status,
        PerimetreId = s.PerimetreId,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
    };
}

/// <summary>Where a session takes place (EDM complex type <c>Location</c>).</summary>
public sealed class SessionLocation
{
    /// <summary>Building and room for présentiel sessions; "À distance (classe virtuelle)" otherwise.</summary>
    public required string Venue { get; set; }
    /// <summary>INSEE code of the commune (the organising délégation's for remote sessions).</summary>
    public required string CommuneCode { get; set; }
    public required string CommuneName { get; set; }
    public required string DepartementCode { get; set; }
}
