using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Cnfpt.OpenApi.Consumers.Tests.OpenData;

/// <summary>
/// An open-data reuser (a newsroom, a regional observatory), as plain HttpClient code without the SDK and
/// without a token: it pages through the sessions open for enrolment and reads the national totals.
/// </summary>
public sealed class OpenDataReuser(HttpClient http)
{
    /// <summary>Every session open for enrolment, page after page, and the total the first page announced.</summary>
    public async Task<(List<SessionRow> Sessions, long Count)> OpenSessionsAsync()
    {
        var sessions = new List<SessionRow>();
        long count = 0;
        string? next = "v1/Sessions?$filter=status eq 'OpenForEnrolment'&$count=true&$select=id,startDate,endDate,capacity,seatsTaken,status";
        while (next is not null)
        {
            using var response = await http.GetAsync(new Uri(next, UriKind.Relative));
            await ProblemException.ThrowIfProblemAsync(response);
            var page = (await response.Content.ReadFromJsonAsync<Page<SessionRow>>())!;
            sessions.AddRange(page.Value);
            count = page.Count ?? count;
            // The link is absolute, with the host the API saw; behind a proxy that host may differ from ours,
            // so only its path and query are followed, on our own base address.
            next = page.NextLink is null ? null : new Uri(page.NextLink).PathAndQuery.TrimStart('/');
        }

        return (sessions, count);
    }

    /// <summary>The national totals per year (the <c>year</c> table of the statistics).</summary>
    public async Task<List<YearTotals>> YearTotalsAsync()
    {
        using var response = await http.GetAsync(new Uri("v1/Statistics?$filter=table eq 'year'&$select=year,suppressed,agents,trainees,traineeDays,enrolments", UriKind.Relative));
        await ProblemException.ThrowIfProblemAsync(response);
        return (await response.Content.ReadFromJsonAsync<Page<YearTotals>>())!.Value;
    }

    /// <summary>A query as a user typed it in the reuser's search form (and may get wrong).</summary>
    public async Task<List<SessionRow>> SessionsWhereAsync(string filter)
    {
        using var response = await http.GetAsync(new Uri("v1/Sessions?$filter=" + Uri.EscapeDataString(filter), UriKind.Relative));
        await ProblemException.ThrowIfProblemAsync(response);
        return (await response.Content.ReadFromJsonAsync<Page<SessionRow>>())!.Value;
    }
}

public sealed record Page<T>(
    List<T> Value,
    [property: JsonPropertyName("@odata.count")] long? Count,
    [property: JsonPropertyName("@odata.nextLink")] string? NextLink);

public sealed record SessionRow(int Id, DateOnly StartDate, DateOnly EndDate, int Capacity, int SeatsTaken, string Status);

public sealed record YearTotals(int Year, bool Suppressed, int? Agents, int? Trainees, decimal? TraineeDays, int? Enrolments);
