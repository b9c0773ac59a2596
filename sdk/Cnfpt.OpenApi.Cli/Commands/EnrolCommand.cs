using System.CommandLine;
using Cnfpt.OpenApi.Sdk;

namespace Cnfpt.OpenApi.Cli.Commands;

/// <summary>
/// <c>cnfpt enrol --session ID --file agents.csv</c>: enrols every agent of the file (columns <c>siren</c> and
/// <c>employerReference</c>, or <c>agentId</c>; optional <c>motive</c>) through <c>$batch</c>. Rows that cannot be sent
/// (invalid SIREN, unknown collectivité or agent) are reported without stopping the others. Resumable: the keys come
/// from the file and the row, so running it again after a crash replays what was done and enrols nobody twice.
/// </summary>
internal static class EnrolCommand
{
    public static Command Create()
    {
        var session = new Option<int>("--session") { Description = "The session's id", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "CSV (header row) or JSON array: siren + employerReference, or agentId; optional motive", Required = true };
        var motive = new Option<string>("--motive") { Description = "Motive for rows without one", DefaultValueFactory = _ => "Inscription par fichier" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and resolve every row, send nothing" };
        var result = new Option<FileInfo?>("--result") { Description = "The result CSV (default: FILE.result.csv)" };
        var parallel = new Option<int>("--parallel") { Description = "Batches of 100 in flight at once", DefaultValueFactory = _ => 4 };
        var command = new Command("enrol", "Enrol the agents of a CSV or JSON file in a session") { session, file, motive, dryRun, result, parallel };
        GlobalOptions.SetAction(command, async (parse, output, profile, cancellationToken) =>
        {
            var input = InputFile.Read(parse.GetValue(file)!.FullName);
            var sessionId = parse.GetValue(session);
            using var client = profile().CreateClient();
            var rows = await ResolveAsync(client, input, cancellationToken);
            var results = new RowResult[input.Rows.Count];
            var send = new List<(InputRow Row, int AgentId)>();
            foreach (var (row, agentId, problem) in rows)
            {
                if (problem is not null)
                {
                    results[row.Row - 1] = problem;
                }
                else if (parse.GetValue(dryRun))
                {
                    results[row.Row - 1] = new RowResult(row.Row, row["siren"], row["employerReference"], agentId, "would-enrol", null, null, null, null);
                }
                else
                {
                    send.Add((row, agentId!.Value));
                }
            }

            var submissions = send.Select(s => new EnrolmentSubmission
            {
                AgentId = s.AgentId, SessionId = sessionId, Motive = s.Row["motive"] ?? parse.GetValue(motive)!,
                IdempotencyKey = input.KeyOf(s.Row, $"enrol:{sessionId}"),
            }).ToList();
            var outcomes = submissions.Count == 0 ? [] : await output.WithProgressAsync($"Enrolling {submissions.Count} agents", submissions.Count,
                progress => client.Enrolments.EnrolManyAsync(submissions, progress, parse.GetValue(parallel), cancellationToken));
            foreach (var outcome in outcomes)
            {
                var row = send[outcome.Index].Row;
                results[row.Row - 1] = new RowResult(row.Row, row["siren"], row["employerReference"], outcome.Submission.AgentId,
                    outcome.Enrolment?.Status switch { EnrolmentStatus.Accepted => "enrolled", EnrolmentStatus.Waitlisted => "waitlisted", null => "refused", _ => outcome.Enrolment.Status.ToString()! },
                    outcome.Enrolment?.Id, outcome.Enrolment?.Status?.ToString(), outcome.Problem?.Code ?? (outcome.Replayed ? "replayed" : null), outcome.Problem?.Detail);
            }

            return Report.Write(output, parse.GetValue(result)?.FullName ?? input.Path + ".result.csv", results, $"session {sessionId}");
        });
        return command;
    }

    private static async Task<List<(InputRow Row, int? AgentId, RowResult? Problem)>> ResolveAsync(CnfptClient client, InputFile input, CancellationToken cancellationToken)
    {
        var directory = new Resolver(client);
        var collectivites = input.Rows.Any(r => r["agentId"] is null) ? await directory.CollectivitesAsync(cancellationToken) : [];
        var resolved = new List<(InputRow Row, int? AgentId, RowResult? Problem, (int, string)? Lookup)>();
        foreach (var row in input.Rows)
        {
            RowResult Refuse(string code, string detail) => new(row.Row, row["siren"], row["employerReference"], null, "refused", null, null, code, detail);
            if (row["agentId"] is { } id)
            {
                resolved.Add(int.TryParse(id, out var agentId) ? (row, agentId, null, null) : (row, null, Refuse("invalid-agent-id", $"agentId '{id}' is not a number."), null));
            }
            else if (row["siren"] is not { } siren || !Siren.IsValid(siren))
            {
                resolved.Add((row, null, Refuse("invalid-siren", $"SIREN '{row["siren"]}' is not nine digits with a valid check digit."), null));
            }
            else if (!collectivites.TryGetValue(siren, out var collectivite))
            {
                resolved.Add((row, null, Refuse("not-mandated", $"SIREN {siren} is not a collectivité you act for."), null));
            }
            else if (row["employerReference"] is not { } reference)
            {
                resolved.Add((row, null, Refuse("missing-employer-reference", "employerReference is empty."), null));
            }
            else
            {
                resolved.Add((row, null, null, (collectivite, reference)));
            }
        }

        var agents = await directory.AgentsAsync(resolved.Where(r => r.Lookup is not null).Select(r => r.Lookup!.Value), cancellationToken);
        return [.. resolved.Select(r => r.Lookup is not { } lookup ? (r.Row, r.AgentId, r.Problem)
            : agents.TryGetValue(lookup, out var agentId) ? (r.Row, (int?)agentId, (RowResult?)null)
            : (r.Row, null, new RowResult(r.Row.Row, r.Row["siren"], lookup.Item2, null, "refused", null, null, "unknown-agent",
                $"No agent '{lookup.Item2}' in collectivité {r.Row["siren"]}: import it first (cnfpt agents import).")))];
    }
}
