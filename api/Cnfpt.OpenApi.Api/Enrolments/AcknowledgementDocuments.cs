using System.Globalization;
using System.Text.Json;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Enrolments;

/// <summary>
/// Builds the <see cref="AcknowledgementDocument"/> of an AR from the database, in one query. The AR shows the
/// bulletin as received (<see cref="Acknowledgement.Content"/>) for what the bulletin said — agent, course,
/// dates, motive, comment — so that it never changes when the agent or the enrolment does; the rows give the
/// rest (venue, délégation, the collectivité), and everything for ARs whose content is shorter (seeded ones).
/// </summary>
public static class AcknowledgementDocuments
{
    private static readonly StringComparer FrenchOrder = StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), CompareOptions.IgnoreCase);

    /// <summary>
    /// The AR of an enrolment, or null when there is none or the context's tenant filter hides it (a caller
    /// only sees its collectivités' ARs; back-office code sets <c>db.Tenant = TenantScope.All</c>).
    /// </summary>
    public static async Task<AcknowledgementDocument?> LoadAsync(CnfptDbContext db, int enrolmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await Rows(db.Acknowledgements.Where(a => a.EnrolmentId == enrolmentId)).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToDocument(row);
    }

    /// <summary>The envelopes of a print batch: its ARs grouped by collectivité, collectivités by name, ARs by number.</summary>
    public static async Task<List<PaperMailing>> LoadMailingsAsync(CnfptDbContext db, int printBatchId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await Rows(db.Acknowledgements.Where(a => a.PrintBatchId == printBatchId)).ToListAsync(cancellationToken);
        return [.. rows
            .GroupBy(r => r.CollectiviteId)
            .Select(g => g.OrderBy(r => r.Number, StringComparer.Ordinal).Select(ToDocument).ToList())
            .Select(documents => new PaperMailing(documents[0].CollectiviteName, documents[0].CollectiviteAddressLine, documents))
            .OrderBy(m => m.CollectiviteName, FrenchOrder)];
    }

    private sealed record Row(
        int CollectiviteId, string Number, DateTimeOffset IssuedAt, string Content,
        string CollectiviteName, string Siren, string CommuneCode, string CommuneName,
        string FirstName, string LastName, AgentCategory Category, string EmployerReference,
        string CourseCode, string CourseTitle, DateOnly StartDate, DateOnly EndDate,
        string Venue, string SessionCommuneName, string DelegationName, string Motive, string? Comment);

    private static IQueryable<Row> Rows(IQueryable<Acknowledgement> acknowledgements) => acknowledgements
        .AsNoTracking()
        .Select(a => new Row(
            a.CollectiviteId, a.Number, a.IssuedAt, a.Content,
            a.Enrolment!.Collectivite!.Name, a.Enrolment.Collectivite.Siren, a.Enrolment.Collectivite.CommuneCode, a.Enrolment.Collectivite.Commune!.Name,
            a.Enrolment.Agent!.FirstName, a.Enrolment.Agent.LastName, a.Enrolment.Agent.Category, a.Enrolment.Agent.EmployerReference,
            a.Enrolment.Session!.Course!.Code, a.Enrolment.Session.Course.Title, a.Enrolment.Session.StartDate, a.Enrolment.Session.EndDate,
            a.Enrolment.Session.Venue, a.Enrolment.Session.Commune!.Name, a.Enrolment.Session.Delegation!.Name, a.Enrolment.Motive, a.Enrolment.Comment));

    private static AcknowledgementDocument ToDocument(Row row)
    {
        var received = Received.Parse(row.Content);
        return new AcknowledgementDocument(
            row.Number,
            row.IssuedAt,
            row.CollectiviteName,
            row.Siren,
            // We hold no street address nor postal code for collectivités: the line names the commune where
            // the collectivité sits and its INSEE code (which is not a postal code), enough for the back office
            // to complete the envelope from the SIRENE directory.
            $"{row.CommuneName} (code INSEE {row.CommuneCode})",
            $"{received.Text(row.FirstName, "agent", "firstName")} {received.Text(row.LastName, "agent", "lastName")}",
            received.Text(row.Category.ToString(), "agent", "category"),
            received.Text(row.EmployerReference, "agent", "employerReference"),
            received.Text(row.CourseCode, "session", "course"),
            received.Text(row.CourseTitle, "session", "title"),
            received.Date(row.StartDate, "session", "startDate"),
            received.Date(row.EndDate, "session", "endDate"),
            row.Venue,
            row.SessionCommuneName,
            row.DelegationName,
            received.Text(row.Motive, "motive"),
            received.OptionalText(row.Comment, "comment"));
    }

    /// <summary>Values of the bulletin as received, each with the current row's value as fallback.</summary>
    private readonly struct Received
    {
        private readonly JsonElement? _root;

        private Received(JsonElement? root) => _root = root;

        public static Received Parse(string content)
        {
            try
            {
                using var document = JsonDocument.Parse(content);
                return new Received(document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null);
            }
            catch (JsonException)
            {
                return new Received(null);
            }
        }

        public string Text(string current, params string[] path) =>
            Find(path) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : current;

        public string? OptionalText(string? current, string name) =>
            _root is { } root && root.TryGetProperty(name, out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : null
                : current;

        public DateOnly Date(DateOnly current, params string[] path) =>
            Find(path) is { ValueKind: JsonValueKind.String } value
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : current;

        private JsonElement? Find(string[] path)
        {
            var element = _root;
            foreach (var name in path)
            {
                if (element is not { ValueKind: JsonValueKind.Object } e || !e.TryGetProperty(name, out var next))
                {
                    return null;
                }

                element = next;
            }

            return element;
        }
    }
}
