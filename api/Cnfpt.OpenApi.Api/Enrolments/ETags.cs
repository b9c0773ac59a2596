using System.Linq.Expressions;
using Cnfpt.OpenApi.Api.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Enrolments;

/// <summary>
/// Strong ETags from row versions (<c>"7"</c>), and the If-Match rule of mutable resources: a write needs the
/// version the client last read (428 without it, 412 when it is stale); <c>If-Match: *</c> means any version.
/// </summary>
internal static class ETags
{
    public static string Of(int version) => "\"" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";

    public static void Set(HttpResponse response, int version) => response.Headers.ETag = Of(version);

    /// <summary>
    /// Reads one versioned entity for an OData GET by key: 404 when the caller cannot see it, otherwise its ETag
    /// header and the single result that OData's query options ($select, $expand) apply to.
    /// </summary>
    public static async Task<IActionResult> SingleAsync<T>(ControllerBase controller, IQueryable<T> matching, Expression<Func<T, int>> version, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(controller);
        var found = await matching.Select(version).Take(1).ToListAsync(cancellationToken);
        if (found.Count == 0)
        {
            return controller.NotFound();
        }

        Set(controller.Response, found[0]);
        return controller.Ok(SingleResult.Create(matching));
    }

    /// <summary>The version the client expects, null for "*".</summary>
    public static int? Expected(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            throw new ApiProblemException(StatusCodes.Status428PreconditionRequired, ProblemCodes.PreconditionRequired,
                "Send If-Match with the ETag you last read (GET the resource: its ETag header), so that you never overwrite a change you have not seen.", "If-Match");
        }

        if (header == "*")
        {
            return null;
        }

        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return value.Length > 2 && value[0] == '"' && value[^1] == '"' && int.TryParse(value[1..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ApiProblemException(StatusCodes.Status412PreconditionFailed, ProblemCodes.PreconditionFailed,
                $"If-Match {header} matches no version of this resource: use the ETag header of a GET.", "If-Match");
    }
}
