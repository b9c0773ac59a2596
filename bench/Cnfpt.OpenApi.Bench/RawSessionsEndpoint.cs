using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.Http;
using Npgsql;
using NpgsqlTypes;

namespace Cnfpt.OpenApi.Bench;

/// <summary>
/// The baseline: the benchmark's query written by hand. One SQL statement through a plain
/// <see cref="NpgsqlDataSource"/>, rows streamed straight into a <see cref="Utf8JsonWriter"/> on the response
/// pipe, in the OData response's shape (same property names and order, nested course; no
/// <c>@odata.context</c>). Nothing is parsed from the URL: this is the floor any API layer adds to.
/// </summary>
internal static class RawSessionsEndpoint
{
    public const string Path = "/bench/raw-sessions";

    /// <summary>Only the columns the response carries (EF also reads courses.search_text, which OData never writes).</summary>
    public const string Sql = """
        SELECT s.id, s.course_id, s.delegation_id, s.commune_code, s.venue, s.start_date, s.end_date,
               s.capacity, s.seats_taken, s.status, s.perimetre_id,
               c.id, c.code, c.title, c.description, c.theme_id, c.modality, c.duration_days,
               c.target_categories, c.funding, c.paid_reason, c.price_per_trainee, c.obligation_kind
        FROM sessions AS s
        JOIN courses AS c ON c.id = s.course_id
        WHERE s.start_date >= $1 AND s.status = $2
        ORDER BY s.id
        LIMIT $3
        """;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // As OData writes: accents and dashes as UTF-8, not \u escapes (the body is JSON, never inlined in HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    // OData writes a flags enum as its member names ("A, B", "All"): the eight possible sets, computed once.
    private static readonly string[] TargetCategoryNames =
        [.. Enumerable.Range(0, 8).Select(i => ((TargetCategories)i).ToString())];

    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText CourseId = JsonEncodedText.Encode("courseId");
    private static readonly JsonEncodedText DelegationId = JsonEncodedText.Encode("delegationId");
    private static readonly JsonEncodedText CommuneCode = JsonEncodedText.Encode("communeCode");
    private static readonly JsonEncodedText Venue = JsonEncodedText.Encode("venue");
    private static readonly JsonEncodedText StartDate = JsonEncodedText.Encode("startDate");
    private static readonly JsonEncodedText EndDate = JsonEncodedText.Encode("endDate");
    private static readonly JsonEncodedText Capacity = JsonEncodedText.Encode("capacity");
    private static readonly JsonEncodedText SeatsTaken = JsonEncodedText.Encode("seatsTaken");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText PerimetreId = JsonEncodedText.Encode("perimetreId");
    private static readonly JsonEncodedText Course = JsonEncodedText.Encode("course");
    private static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText ThemeId = JsonEncodedText.Encode("themeId");
    private static readonly JsonEncodedText Modality = JsonEncodedText.Encode("modality");
    private static readonly JsonEncodedText DurationDays = JsonEncodedText.Encode("durationDays");
    private static readonly JsonEncodedText TargetCategories = JsonEncodedText.Encode("targetCategories");
    private static readonly JsonEncodedText Funding = JsonEncodedText.Encode("funding");
    private static readonly JsonEncodedText PaidReason = JsonEncodedText.Encode("paidReason");
    private static readonly JsonEncodedText PricePerTrainee = JsonEncodedText.Encode("pricePerTrainee");
    private static readonly JsonEncodedText ObligationKind = JsonEncodedText.Encode("obligationKind");

    public static async Task WriteAsync(HttpContext context, NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddRange(Parameters());
        await using var reader = await command.ExecuteReaderAsync(context.RequestAborted);

        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions);
        json.WriteStartObject();
        json.WriteStartArray(Value);
        var rows = 0;
        while (await reader.ReadAsync(context.RequestAborted))
        {
            json.WriteStartObject();
            json.WriteNumber(Id, reader.GetInt32(0));
            json.WriteNumber(CourseId, reader.GetInt32(1));
            json.WriteNumber(DelegationId, reader.GetInt32(2));
            json.WriteString(CommuneCode, reader.GetString(3));
            json.WriteString(Venue, reader.GetString(4));
            WriteDate(json, StartDate, reader.GetFieldValue<DateOnly>(5));
            WriteDate(json, EndDate, reader.GetFieldValue<DateOnly>(6));
            json.WriteNumber(Capacity, reader.GetInt32(7));
            json.WriteNumber(SeatsTaken, reader.GetInt32(8));
            json.WriteString(Status, reader.GetString(9));
            WriteNullableInt(json, PerimetreId, reader, 10);
            json.WriteStartObject(Course);
            json.WriteNumber(Id, reader.GetInt32(11));
            json.WriteString(Code, reader.GetString(12));
            json.WriteString(Title, reader.GetString(13));
            json.WriteString(Description, reader.GetString(14));
            json.WriteNumber(ThemeId, reader.GetInt32(15));
            json.WriteString(Modality, reader.GetString(16));
            json.WriteNumber(DurationDays, reader.GetDecimal(17));
            json.WriteString(TargetCategories, TargetCategoryNames[reader.GetInt32(18)]);
            json.WriteString(Funding, reader.GetString(19));
            WriteNullableString(json, PaidReason, reader, 20);
            if (reader.IsDBNull(21))
            {
                json.WriteNull(PricePerTrainee);
            }
            else
            {
                json.WriteNumber(PricePerTrainee, reader.GetDecimal(21));
            }

            json.WriteString(ObligationKind, reader.GetString(22));
            json.WriteEndObject();
            json.WriteEndObject();

            // Hand the bytes to Kestrel every few rows, as a streaming serializer does, instead of buffering the page.
            if (++rows % 16 == 0)
            {
                json.Flush();
                await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>$1, $2, $3 of <see cref="Sql"/>: the benchmark's filter values.</summary>
    public static NpgsqlParameter[] Parameters() =>
    [
        new NpgsqlParameter<DateOnly> { TypedValue = BenchQuery.From },
        new NpgsqlParameter<string> { TypedValue = BenchQuery.Status, NpgsqlDbType = NpgsqlDbType.Varchar },
        new NpgsqlParameter<int> { TypedValue = BenchQuery.Top },
    ];

    private static void WriteDate(Utf8JsonWriter json, JsonEncodedText name, DateOnly date)
    {
        Span<char> text = stackalloc char[10];
        date.TryFormat(text, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        json.WriteString(name, text[..written]);
    }

    private static void WriteNullableInt(Utf8JsonWriter json, JsonEncodedText name, NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, reader.GetInt32(ordinal));
        }
    }

    private static void WriteNullableString(Utf8JsonWriter json, JsonEncodedText name, NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, reader.GetString(ordinal));
        }
    }
}
