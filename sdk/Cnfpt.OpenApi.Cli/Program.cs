using System.CommandLine;
using System.Globalization;
using Cnfpt.OpenApi.Cli;
using Cnfpt.OpenApi.Cli.Commands;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var root = new RootCommand("cnfpt: the CNFPT training API from the command line. Exit codes: docs/cli.md.");
root.Options.Add(GlobalOptions.OutputFormat);
root.Options.Add(GlobalOptions.ProfileName);
root.Options.Add(GlobalOptions.Url);
root.Subcommands.Add(LoginCommand.Create());
root.Subcommands.Add(CatalogueCommand.Create());
root.Subcommands.Add(AgentsCommand.Create());
root.Subcommands.Add(EnrolCommand.Create());
root.Subcommands.Add(StatsCommand.Create());
root.Subcommands.Add(AttestationsCommand.Create());

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"cnfpt: {error.Message}");
    }

    return ExitCodes.Usage;
}

return await parsed.InvokeAsync();
