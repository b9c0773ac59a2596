using System.CommandLine;
using System.Globalization;
using Cnfpt.OpenApi.Sdk;

namespace Cnfpt.OpenApi.Cli.Commands;

/// <summary>
/// <c>cnfpt agents import agents.csv</c>: creates or updates (upsert by SIREN + employer reference) every agent of the
/// file. Columns: siren, employerReference, lastName, firstName, category (A/B/C), status (Titulaire/Stagiaire/
/// Contractuel), cadreEmplois, appointmentDate (yyyy-mm-dd), optional birthDate. Re-running it is harmless: an
/// upsert of the same row gives the same agent.
/// </summary>
internal static class AgentsCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV (header row) or JSON array of agents" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row, send nothing" };
        var result = new Option<FileInfo?>("--result") { Description = "The result CSV (default: FILE.result.csv)" };
        var import = new Command("import", "Create or update the agents of a CSV or JSON file") { file, dryRun, result };
        GlobalOptions.SetAction(import, async (parse, output, profile, cancellationToken) =>
        {
            var input = InputFile.Read(parse.GetValue(file)!.FullName);
            using var client = profile().CreateClient();
            var collectivites = await new Resolver(client).CollectivitesAsync(cancellationToken);
            var results = new RowResult[input.Rows.Count];
            var valid = new List<(InputRow Row, AgentInput Agent)>();
            foreach (var row in input.Rows)
            {
                var (agent, problem) = Parse(row, collectivites);
                if (problem is not null)
                {
                    results[row.Row - 1] = problem;
                }
                else if (parse.GetValue(dryRun))
                {
                    results[row.Row - 1] = new RowResult(row.Row, row["siren"], row["employerReference"], null, "would-import", null, null, null, null);
                }
                else
                {
                    valid.Add((row, agent!));
                }
            }

            await output.WithProgressAsync($"Importing {valid.Count} agents", valid.Count, async progress =>
            {
                var done = 0;
                await Parallel.ForEachAsync(valid, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (item, token) =>
                {
                    var (row, agent) = item;
                    try
                    {
                        var saved = await client.Agents.UpsertByReferenceAsync(agent, "*", token);
                        results[row.Row - 1] = new RowResult(row.Row, row["siren"], agent.EmployerReference, saved.Value.Id,
                            saved.Value.Version <= 1 ? "created" : "updated", saved.Value.Id, null, null, null);
                    }
                    catch (CnfptProblemException problem) when ((int)problem.StatusCode < 500 && problem.StatusCode != System.Net.HttpStatusCode.Unauthorized)
                    {
                        results[row.Row - 1] = new RowResult(row.Row, row["siren"], agent.EmployerReference, null, "refused", null, null, problem.Code, problem.Detail);
                    }

                    progress.Report(Interlocked.Increment(ref done));
                });
                return done;
            });
            return Report.Write(output, parse.GetValue(result)?.FullName ?? input.Path + ".result.csv", results, "agents import");
        });
        return new Command("agents", "Agents of your collectivités") { import };
    }

    private static (AgentInput? Agent, RowResult? Problem) Parse(InputRow row, Dictionary<string, int> collectivites)
    {
        RowResult Refuse(string code, string detail) => new(row.Row, row["siren"], row["employerReference"], null, "refused", null, null, code, detail);
        if (row["siren"] is not { } siren || !Siren.IsValid(siren))
        {
            return (null, Refuse("invalid-siren", $"SIREN '{row["siren"]}' is not nine digits with a valid check digit."));
        }

        if (!collectivites.TryGetValue(siren, out var collectivite))
        {
            return (null, Refuse("not-mandated", $"SIREN {siren} is not a collectivité you act for."));
        }

        if (!Enum.TryParse<AgentCategory>(row["category"], ignoreCase: true, out var category) || !Enum.IsDefined(category))
        {
            return (null, Refuse("invalid-category", $"category '{row["category"]}' is not A, B or C."));
        }

        if (!Enum.TryParse<AgentStatus>(row["status"], ignoreCase: true, out var status) || !Enum.IsDefined(status))
        {
            return (null, Refuse("invalid-status", $"status '{row["status"]}' is not Titulaire, Stagiaire or Contractuel."));
        }

        if (!DateOnly.TryParseExact(row["appointmentDate"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var appointment))
        {
            return (null, Refuse("invalid-date", $"appointmentDate '{row["appointmentDate"]}' is not yyyy-mm-dd."));
        }

        DateOnly? birth = DateOnly.TryParseExact(row["birthDate"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var b) ? b : null;
        return (new AgentInput
        {
            CollectiviteId = collectivite, EmployerReference = row["employerReference"], LastName = row["lastName"], FirstName = row["firstName"],
            Category = category, Status = status, CadreEmplois = row["cadreEmplois"], AppointmentDate = appointment, BirthDate = birth,
        }, null);
    }
}
