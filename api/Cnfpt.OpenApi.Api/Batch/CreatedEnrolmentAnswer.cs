using System.Globalization;
using System.Reflection;
using System.Text;
using System.Xml;
using Cnfpt.OpenApi.Api.Enrolments;
using Cnfpt.OpenApi.Api.Versioning;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.OData.Edm;

namespace Cnfpt.OpenApi.Api.Batch;

/// <summary>
/// Writes the <c>201 Created</c> of <c>POST /v1/Enrolments</c> (or <c>/v2</c>) for an enrolment the $batch fast path
/// created, byte for byte as <see cref="EnrolmentsController"/> and AspNetCoreOData's serializer write it (minimal
/// metadata, the version's EDM property order, Location, ETag), without sending the request through routing, MVC and the OData formatter: that
/// costs about a millisecond of CPU per request, more than the whole set-based write.
/// </summary>
/// <remarks>
/// Hand-written for speed, so it checks itself: the first created enrolment of each batch is answered by the pipeline,
/// and the others are written directly only if this writer produced that very answer (status, Location, ETag, body);
/// its other headers (Content-Type, OData-Version, the API version headers) are then copied. A request that asks for
/// another format (Accept, Prefer, OData-Version…) or a text with characters whose JSON escaping differs between
/// writers (control characters, surrogates) is always answered by the pipeline.
/// </remarks>
internal static class CreatedEnrolmentAnswer
{
    /// <summary>The inner request headers that leave the answer's format as the default one.</summary>
    private static readonly string[] NeutralHeaders = ["Content-Type", "Content-Length", "Idempotency-Key", "Accept", "Host"];

    /// <summary>The versions whose <c>POST Enrolments</c> this writer answers.</summary>
    public static readonly string[] Versions = [EdmV1.Prefix, EdmV2.Prefix];

    /// <summary>Enrolment's structural properties in the order each version's EDM declares (and OData writes) them.</summary>
    private static readonly Lazy<Dictionary<string, (string Name, PropertyInfo Clr)[]>> Properties = new(() => new(StringComparer.Ordinal)
    {
        [EdmV1.Prefix] = PropertiesOf(EdmV1.Build()),
        [EdmV2.Prefix] = PropertiesOf(EdmV2.Build()),
    });

    private static (string Name, PropertyInfo Clr)[] PropertiesOf(IEdmModel model)
    {
        var type = model.SchemaElements.OfType<IEdmEntityType>().Single(t => t.Name == nameof(Enrolment));
        return [.. type.StructuralProperties().Select(p => (p.Name, typeof(Enrolment).GetProperty(p.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
            ?? throw new InvalidOperationException($"EDM property {p.Name} has no CLR property.")))];
    }

    /// <summary>Whether the default answer is what this request asks for and its texts are written the same by every JSON writer.</summary>
    public static bool CanWrite(HttpRequest request, Enrolment enrolment)
    {
        foreach (var header in request.Headers)
        {
            if (!NeutralHeaders.Contains(header.Key, StringComparer.OrdinalIgnoreCase)
                || (header.Key.Equals("Accept", StringComparison.OrdinalIgnoreCase) && header.Value.ToString() is not ("application/json" or "*/*")))
            {
                return false;
            }
        }

        return Properties.Value.TryGetValue(Version(request), out var properties)
            && properties.All(p => p.Clr.GetValue(enrolment) is not string text || text.All(IsPlain));
    }

    /// <summary>Whether the pipeline's answer to <paramref name="answered"/> is exactly what this writer would have written.</summary>
    public static bool Matches(HttpContext answered, Enrolment enrolment)
    {
        var response = answered.Response;
        if (response.StatusCode != StatusCodes.Status201Created
            || response.Headers.Location != Location(answered.Request, enrolment)
            || response.Headers.ETag != ETags.Of(enrolment.Version)
            || response.Body is not { CanSeek: true } body)
        {
            return false;
        }

        var position = body.Position;
        body.Position = 0;
        using var written = new MemoryStream();
        body.CopyTo(written);
        body.Position = position;
        return written.ToArray().AsSpan().SequenceEqual(Body(answered.Request, enrolment));
    }

    /// <summary>Writes the answer: <paramref name="headers"/> (those of a matching pipeline answer), then this enrolment's own.</summary>
    public static async Task WriteAsync(HttpContext inner, Enrolment enrolment, IHeaderDictionary headers)
    {
        var response = inner.Response;
        response.StatusCode = StatusCodes.Status201Created;
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }

        response.Headers.Location = Location(inner.Request, enrolment);
        ETags.Set(response, enrolment.Version);
        var body = Body(inner.Request, enrolment);
        response.ContentLength = null;
        await response.Body.WriteAsync(body, inner.RequestAborted);
    }

    /// <summary>The version of an inner request, from its path (<c>/v2/Enrolments</c> → <c>v2</c>).</summary>
    private static string Version(HttpRequest request) => request.Path.Value is { } path && path.IndexOf('/', 1) is > 1 and var end ? path[1..end] : "";

    private static string Root(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/{Version(request)}";

    private static string Location(HttpRequest request, Enrolment enrolment) =>
        string.Create(CultureInfo.InvariantCulture, $"{Root(request)}/Enrolments({enrolment.Id})");

    private static byte[] Body(HttpRequest request, Enrolment enrolment)
    {
        var json = new StringBuilder(1024).Append("{\"@odata.context\":\"").Append(Root(request)).Append("/$metadata#Enrolments/$entity\"");
        foreach (var (name, clr) in Properties.Value[Version(request)])
        {
            json.Append(",\"").Append(name).Append("\":");
            Append(json, clr.GetValue(enrolment));
        }

        return Encoding.UTF8.GetBytes(json.Append('}').ToString());
    }

    private static void Append(StringBuilder json, object? value)
    {
        switch (value)
        {
            case null:
                json.Append("null");
                break;
            case string text:
                json.Append('"');
                foreach (var c in text)
                {
                    // As OData's JSON writer (non-ASCII escaped, upper-case hex); CanWrite kept other characters out.
                    _ = c switch
                    {
                        '"' => json.Append("\\\""),
                        '\\' => json.Append("\\\\"),
                        < (char)0x7F => json.Append(c),
                        _ => json.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                    };
                }

                json.Append('"');
                break;
            case Enum member:
                json.Append('"').Append(member.ToString()).Append('"');
                break;
            case DateTimeOffset instant:
                json.Append('"').Append(XmlConvert.ToString(instant)).Append('"');
                break;
            case int number:
                json.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                throw new InvalidOperationException($"No JSON form for {value.GetType().Name}: extend CreatedEnrolmentAnswer (and its tests) for the new property.");
        }
    }

    /// <summary>Printable ASCII, or a BMP character outside C1 controls and surrogates: written alike by every JSON writer we know.</summary>
    private static bool IsPlain(char c) => c is (>= ' ' and < (char)0x7F) or (>= (char)0xA0 and < (char)0xD800) or (>= (char)0xE000 and <= (char)0xFFFD);
}
