using System.Globalization;
using System.Text;
using System.Text.Json;
using Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Core.Attestations;

/// <summary>
/// What an attestation de suivi attests: the facts the PDF shows and the token signs, frozen at issue so
/// that the document never changes when the agent, the course or the session does.
/// </summary>
public sealed record AttestationFacts(
    string Number,
    DateTimeOffset IssuedAt,
    int AgentId,
    string AgentLastName,
    string AgentFirstName,
    AgentCategory AgentCategory,
    string EmployerReference,
    int CollectiviteId,
    string CollectiviteName,
    string CollectiviteSiren,
    string CourseCode,
    string CourseTitle,
    int SessionId,
    DateOnly StartDate,
    DateOnly EndDate,
    string Venue,
    string CommuneName,
    string DelegationName,
    int HalfDaysScheduled,
    int HalfDaysAttended,
    ObligationKind ObligationKind,
    string? Replaces)
{
    /// <summary>Trainee-days: a half-day counts 0.5 (JFS).</summary>
    public decimal DaysAttended => HalfDaysAttended / 2m;

    public string AgentFullName => $"{AgentFirstName} {AgentLastName}";

    /// <summary>
    /// The JWS payload: the registered claims <c>iss</c>, <c>jti</c> (the number), <c>iat</c> and <c>sub</c>, and
    /// the facts under <c>attestation</c>. Canonical: members in lexicographic order at every level, no
    /// whitespace, dates as ISO 8601 strings, numbers as integers or shortest decimals (the JSON
    /// Canonicalization Scheme, RFC 8785, for the value types used here). Written member by member rather
    /// than by a serializer so that the order and the number format are visible here and never drift.
    /// </summary>
    public string CanonicalPayload(string issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartObject("attestation");
            w.WriteStartObject("agent");
            w.WriteString("category", AgentCategory.ToString());
            w.WriteString("employerReference", EmployerReference);
            w.WriteString("firstName", AgentFirstName);
            w.WriteNumber("id", AgentId);
            w.WriteString("lastName", AgentLastName);
            w.WriteEndObject();
            w.WriteStartObject("collectivite");
            w.WriteNumber("id", CollectiviteId);
            w.WriteString("name", CollectiviteName);
            w.WriteString("siren", CollectiviteSiren);
            w.WriteEndObject();
            w.WriteStartObject("course");
            w.WriteString("code", CourseCode);
            w.WriteString("title", CourseTitle);
            w.WriteEndObject();
            w.WriteNumber("daysAttended", (double)DaysAttended);
            w.WriteNumber("halfDaysAttended", HalfDaysAttended);
            w.WriteNumber("halfDaysScheduled", HalfDaysScheduled);
            w.WriteString("issuedAt", IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteString("number", Number);
            w.WriteString("obligationKind", ObligationKind.ToString());
            if (Replaces is null)
            {
                w.WriteNull("replaces");
            }
            else
            {
                w.WriteString("replaces", Replaces);
            }

            w.WriteStartObject("session");
            w.WriteString("commune", CommuneName);
            w.WriteString("delegation", DelegationName);
            w.WriteString("endDate", IsoDate(EndDate));
            w.WriteNumber("id", SessionId);
            w.WriteString("startDate", IsoDate(StartDate));
            w.WriteString("venue", Venue);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteNumber("iat", IssuedAt.ToUnixTimeSeconds());
            w.WriteString("iss", issuer);
            w.WriteString("jti", Number);
            w.WriteString("sub", string.Create(CultureInfo.InvariantCulture, $"agent:{AgentId}"));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads the facts back from a payload written by <see cref="CanonicalPayload"/>; null if it is not one.</summary>
    public static AttestationFacts? FromPayload(string payloadJson)
    {
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            var a = document.RootElement.GetProperty("attestation");
            var agent = a.GetProperty("agent");
            var collectivite = a.GetProperty("collectivite");
            var course = a.GetProperty("course");
            var session = a.GetProperty("session");
            return new AttestationFacts(
                a.GetProperty("number").GetString()!,
                DateTimeOffset.Parse(a.GetProperty("issuedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                agent.GetProperty("id").GetInt32(),
                agent.GetProperty("lastName").GetString()!,
                agent.GetProperty("firstName").GetString()!,
                Enum.Parse<AgentCategory>(agent.GetProperty("category").GetString()!),
                agent.GetProperty("employerReference").GetString()!,
                collectivite.GetProperty("id").GetInt32(),
                collectivite.GetProperty("name").GetString()!,
                collectivite.GetProperty("siren").GetString()!,
                course.GetProperty("code").GetString()!,
                course.GetProperty("title").GetString()!,
                session.GetProperty("id").GetInt32(),
                DateOnly.ParseExact(session.GetProperty("startDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact(session.GetProperty("endDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                session.GetProperty("venue").GetString()!,
                session.GetProperty("commune").GetString()!,
                session.GetProperty("delegation").GetString()!,
                a.GetProperty("halfDaysScheduled").GetInt32(),
                a.GetProperty("halfDaysAttended").GetInt32(),
                Enum.Parse<ObligationKind>(a.GetProperty("obligationKind").GetString()!),
                a.GetProperty("replaces").ValueKind == JsonValueKind.String ? a.GetProperty("replaces").GetString() : null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
