using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>An RFC 9457 problem as the API sends it (docs/errors.md): branch on <see cref="Code"/>, quote <see cref="TraceId"/>.</summary>
public sealed class CnfptProblem
{
    /// <summary>The HTTP status.</summary>
    public required HttpStatusCode Status { get; init; }

    /// <summary>The stable error code (<c>session-full</c>, <c>precondition-failed</c>…); null when the answer was not a problem document.</summary>
    public string? Code { get; init; }

    /// <summary>The problem type URI (<c>urn:cnfpt:problem:{code}</c>).</summary>
    public string? Type { get; init; }

    /// <summary>A short, human-readable summary of the problem type.</summary>
    public string? Title { get; init; }

    /// <summary>What went wrong with this request, for a person.</summary>
    public string? Detail { get; init; }

    /// <summary>The request's trace id in the API's logs: quote it to support.</summary>
    public string? TraceId { get; init; }

    /// <summary>The inputs at fault (a field, a query option, a header), each with its messages.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The whole document as received, for members this type does not model (<c>requiredScopes</c>…).</summary>
    public JsonElement? Raw { get; init; }

    /// <summary>Reads a problem document; a body that is not one still gives a problem with the status and the text.</summary>
    /// <param name="status">The response's status.</param>
    /// <param name="body">The response's body.</param>
    /// <returns>The problem.</returns>
    public static CnfptProblem Parse(HttpStatusCode status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                return new CnfptProblem
                {
                    Status = status,
                    Code = String(root, "code"),
                    Type = String(root, "type"),
                    Title = String(root, "title"),
                    Detail = String(root, "detail") ?? String(root, "error_description"),
                    TraceId = String(root, "traceId"),
                    Errors = ReadErrors(root),
                    Raw = root.Clone(),
                };
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): keep the start of the text as the detail.
        }

        return new CnfptProblem { Status = status, Detail = body.Length > 500 ? body[..500] : body };
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)Status} {Code ?? "(no code)"}: {Detail ?? Title}{(TraceId is null ? "" : $" (traceId {TraceId})")}");

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, IReadOnlyList<string>> ReadErrors(JsonElement root)
    {
        var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (root.TryGetProperty("errors", out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in element.EnumerateObject())
            {
                errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                    ? [.. field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : m.GetRawText())]
                    : [field.Value.ToString()];
            }
        }

        return errors;
    }
}

/// <summary>The API answered with an error (4xx or 5xx, after retries): <see cref="Problem"/> says which and why.</summary>
public sealed class CnfptProblemException : Exception
{
    /// <summary>Creates the exception for a problem.</summary>
    /// <param name="problem">The problem the API answered.</param>
    public CnfptProblemException(CnfptProblem problem)
        : base((problem ?? throw new ArgumentNullException(nameof(problem))).ToString()) => Problem = problem;

    /// <summary>Creates an exception with a message only.</summary>
    public CnfptProblemException()
        : this(new CnfptProblem { Status = HttpStatusCode.InternalServerError })
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public CnfptProblemException(string message)
        : base(message) => Problem = new CnfptProblem { Status = HttpStatusCode.InternalServerError, Detail = message };

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CnfptProblemException(string message, Exception innerException)
        : base(message, innerException) => Problem = new CnfptProblem { Status = HttpStatusCode.InternalServerError, Detail = message };

    /// <summary>The problem the API answered.</summary>
    public CnfptProblem Problem { get; }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode => Problem.Status;

    /// <summary>The stable error code; branch on it.</summary>
    public string? Code => Problem.Code;

    /// <summary>What went wrong, for a person.</summary>
    public string? Detail => Problem.Detail;

    /// <summary>The inputs at fault.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors => Problem.Errors;

    /// <summary>The request's trace id in the API's logs.</summary>
    public string? TraceId => Problem.TraceId;
}
