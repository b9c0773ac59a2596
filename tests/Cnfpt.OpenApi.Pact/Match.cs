using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Cnfpt.OpenApi.Pact;

/// <summary>
/// A rule that replaces an exact value in an expectation: the example is what the mock server answers and
/// what the pact file shows; the rule is what the provider's real value must satisfy. Written in Pact's
/// "integration JSON" (<c>{"pact:matcher:type": …, "value": …}</c>), which libpact_ffi turns into matching
/// rules wherever a body, header, query value or path accepts JSON.
/// </summary>
[JsonConverter(typeof(MatcherConverter))]
public sealed class Matcher
{
    internal Matcher(JsonObject json) => Json = json;

    internal JsonObject Json { get; }

    /// <summary>The integration JSON of this rule (for headers, query values and paths).</summary>
    public string ToJsonString() => Json.ToJsonString();

    public override string ToString() => ToJsonString();

    private sealed class MatcherConverter : JsonConverter<Matcher>
    {
        public override Matcher Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Matchers are only written.");

        public override void Write(Utf8JsonWriter writer, Matcher value, JsonSerializerOptions options) => value.Json.WriteTo(writer, options);
    }
}

/// <summary>The matchers a consumer test uses; each takes the example that the mock server returns.</summary>
public static class Match
{
    /// <summary>The actual value has the example's JSON type (string, number, boolean, object shape, array).</summary>
    public static Matcher Type(object example) => Rule("type", example);

    /// <summary>An array of at least <paramref name="min"/> items, each like <paramref name="template"/>.</summary>
    public static Matcher EachLike(object template, int min = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(min);
        // The example holds max(min, 1) copies, so that the mock server's answer itself satisfies the rule.
        var items = new JsonArray();
        for (var i = 0; i < Math.Max(min, 1); i++)
        {
            items.Add(ToNode(template));
        }

        var json = new JsonObject { ["pact:matcher:type"] = "type", ["min"] = min, ["value"] = items };
        return new Matcher(json);
    }

    /// <summary>The whole value matches <paramref name="pattern"/> (anchor it with ^…$: Pact does not).</summary>
    public static Matcher Regex(string example, string pattern)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(example, pattern))
        {
            throw new ArgumentException($"The example '{example}' does not match its own pattern {pattern}.", nameof(example));
        }

        return Rule("regex", example, ("regex", pattern));
    }

    // Integer and Decimal are Pact's names for these matchers (CA1720 would rather not see type names).
#pragma warning disable CA1720
    /// <summary>A JSON number without a fractional part.</summary>
    public static Matcher Integer(long example) => Rule("integer", example);

    /// <summary>A JSON number with a fractional part (2.5; 2.0 is written by System.Text.Json as 2.0 only for decimals).</summary>
    public static Matcher Decimal(decimal example) => Rule("decimal", example);

#pragma warning restore CA1720

    /// <summary>Any JSON number, integer or not.</summary>
    public static Matcher Number(decimal example) => Rule("number", example);

    /// <summary>An ISO 8601 calendar date (<c>2026-09-01</c>), checked by Pact's date parser.</summary>
    public static Matcher Date(string example, string format = "yyyy-MM-dd") => Rule("date", example, ("format", format));

    /// <summary>A timestamp in the given Pact (Java DateTimeFormatter-like) format.</summary>
    public static Matcher DateTime(string example, string format) => Rule("datetime", example, ("format", format));

    /// <summary>
    /// An ISO 8601 UTC or offset timestamp with optional fractional seconds, as the API writes DateTimeOffset
    /// values (<c>2026-09-01T08:30:00Z</c>, <c>2026-09-01T08:30:00.1234567+00:00</c>). A regex rather than
    /// <see cref="DateTime"/>: Pact's format strings fix the number of fraction digits, .NET does not.
    /// </summary>
    public static Matcher IsoDateTime(string example) =>
        Regex(example, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$");

    /// <summary>
    /// A value the provider decides when it sets up a state (an id, an ETag): the provider-state endpoint
    /// returns <c>{"name": value}</c> and the verifier substitutes it into <paramref name="expression"/>
    /// (<c>"/v1/Enrolments(${enrolmentId})"</c>); the example is used by the mock server.
    /// </summary>
    public static Matcher FromProviderState(string expression, object example, string? regex = null)
    {
        // Without a pattern the mock server accepts any value of the example's type (a path: any path).
        var json = regex is null ? Type(example).Json : Regex((string)example, regex).Json;
        json["pact:generator:type"] = "ProviderState";
        json["expression"] = expression;
        return new Matcher(json);
    }

    /// <summary>
    /// An absolute URL of the provider (an <c>@odata.nextLink</c>): the provider may use any host, and the mock
    /// server rewrites the example to its own address so that a client following the link comes back to it.
    /// <paramref name="pathPattern"/> is the part after the host, e.g. <c>/v1/Sessions\?.*</c>.
    /// </summary>
    public static Matcher MockServerUrl(string example, string pathPattern)
    {
        var regex = ".*(" + pathPattern + ")$";
        var matcher = Regex(example, regex);
        matcher.Json["pact:generator:type"] = "MockServerURL";
        matcher.Json["example"] = example;
        return matcher;
    }

    /// <summary>
    /// A UUID that the verifier generates afresh for each replay (an Idempotency-Key must not be reused with
    /// another body): the mock server accepts any UUID, the pact shows the example. <paramref name="hyphens"/>
    /// false: the 32 hex digits alone (<c>Guid.ToString("N")</c>, what the SDK sends), generated in that format.
    /// </summary>
    public static Matcher Uuid(string example, bool hyphens = true)
    {
        var matcher = Regex(example, hyphens ? "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" : "^[0-9a-fA-F]{32}$");
        matcher.Json["pact:generator:type"] = "Uuid";
        if (!hyphens)
        {
            matcher.Json["format"] = "simple";
        }

        return matcher;
    }

    private static Matcher Rule(string type, object example, params (string Name, string Value)[] extra)
    {
        var json = new JsonObject { ["pact:matcher:type"] = type };
        foreach (var (name, value) in extra)
        {
            json[name] = value;
        }

        json["value"] = ToNode(example);
        return new Matcher(json);
    }

    internal static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        Matcher matcher => matcher.Json.DeepClone(),
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), PactJson.Options),
    };
}

internal static class PactJson
{
    /// <summary>Property names as written (anonymous objects and dictionaries carry the wire names).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static string Serialize(object? value) => Match.ToNode(value)?.ToJsonString(Options) ?? "null";
}
