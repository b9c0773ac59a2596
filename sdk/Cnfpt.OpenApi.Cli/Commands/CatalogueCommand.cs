using System.CommandLine;
using Cnfpt.OpenApi.Sdk;

namespace Cnfpt.OpenApi.Cli.Commands;

/// <summary><c>cnfpt catalogue search</c>: open sessions matching words, dates and a région (anonymous).</summary>
internal static class CatalogueCommand
{
    public static Command Create()
    {
        var words = new Argument<string?>("words") { Description = "Words to find in course titles and descriptions", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<DateOnly?>("--from") { Description = "Sessions starting on or after this date (yyyy-mm-dd)" };
        var to = new Option<DateOnly?>("--to") { Description = "Sessions starting on or before this date" };
        var top = new Option<int>("--top") { Description = "At most this many sessions", DefaultValueFactory = _ => 20 };
        var search = new Command("search", "Search open sessions of the catalogue") { words, from, to, top };
        GlobalOptions.SetAction(search, async (parse, output, profile, cancellationToken) =>
        {
            var query = new ODataQuery<Session>()
                .Where(s => s.Status, SessionStatus.OpenForEnrolment)
                .Expand(s => s.Course, "$select=code,title")
                .OrderBy(s => s.StartDate)
                .Top(parse.GetValue(top));
            if (parse.GetValue(words) is { Length: > 0 } text)
            {
                query.Search(text);
            }

            if (parse.GetValue(from) is { } start)
            {
                query.Where(s => s.StartDate, ODataOperator.Ge, start);
            }

            if (parse.GetValue(to) is { } end)
            {
                query.Where(s => s.StartDate, ODataOperator.Le, end);
            }

            using var client = profile().CreateClient(anonymous: true);
            var sessions = await client.Sessions.ListAllAsync(query, cancellationToken).ToListAsync(cancellationToken);
            if (output.Json)
            {
                output.Write(sessions.Select(s => new { s.Id, s.StartDate, s.EndDate, venue = s.Location?.Venue, commune = s.Location?.CommuneName, course = s.Course?.Code, title = s.Course?.Title, s.SeatsAvailable }));
            }
            else
            {
                output.Table(["Session", "Start", "Course", "Title", "Venue", "Seats left"], sessions.Select(s => new[]
                {
                    s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s.StartDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    s.Course?.Code, s.Course?.Title, s.Location?.Venue, s.SeatsAvailable.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }));
            }

            return ExitCodes.Ok;
        });
        return new Command("catalogue", "The training catalogue") { search };
    }
}
