using System.Text.Json.Serialization;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>
/// The properties of an agent to change with <see cref="IAgentsClient.UpdateAsync"/>; unset ones are not sent and stay
/// as they are. Hand-written rather than the generated <c>AgentInput</c>: there, <c>category</c> and <c>status</c> are
/// non-nullable enums (the contract does not mark them nullable), so a partial update would reset them.
/// </summary>
public sealed class AgentChanges
{
    /// <summary>Last name.</summary>
    [JsonPropertyName("lastName")]
    public string? LastName { get; init; }

    /// <summary>First name.</summary>
    [JsonPropertyName("firstName")]
    public string? FirstName { get; init; }

    /// <summary>Birth date (only when an attestation needs it).</summary>
    [JsonPropertyName("birthDate")]
    public DateOnly? BirthDate { get; init; }

    /// <summary>Catégorie A, B or C.</summary>
    [JsonPropertyName("category")]
    [JsonConverter(typeof(JsonStringEnumConverter<AgentCategory>))]
    public AgentCategory? Category { get; init; }

    /// <summary>Titulaire, Stagiaire or Contractuel.</summary>
    [JsonPropertyName("status")]
    [JsonConverter(typeof(JsonStringEnumConverter<AgentStatus>))]
    public AgentStatus? Status { get; init; }

    /// <summary>Cadre d'emplois.</summary>
    [JsonPropertyName("cadreEmplois")]
    public string? CadreEmplois { get; init; }

    /// <summary>Appointment date.</summary>
    [JsonPropertyName("appointmentDate")]
    public DateOnly? AppointmentDate { get; init; }
}
