using System.CommandLine;

namespace Cnfpt.OpenApi.Cli;

/// <summary>Options every command takes, and the plumbing of an action: its profile, its output, its failures as exit codes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> OutputFormat = new("--output", "-o")
    {
        Description = "text (default) or json, for scripts",
        Recursive = true,
        DefaultValueFactory = _ => "text",
    };

    public static readonly Option<string> ProfileName = new("--profile")
    {
        Description = "The saved profile to use (cnfpt login --profile NAME)",
        Recursive = true,
        DefaultValueFactory = _ => "default",
    };

    public static readonly Option<string?> Url = new("--url")
    {
        Description = "The API's base URL, overriding the profile and CNFPT_URL",
        Recursive = true,
    };

    static GlobalOptions() => OutputFormat.AcceptOnlyFromAmong("text", "json");

    /// <summary>Runs an action with its output and profile; turns exceptions into documented exit codes.</summary>
    public static void SetAction(Command command, Func<ParseResult, Output, Func<Profile>, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = new Output(parse.GetValue(OutputFormat) == "json");
            try
            {
                return await action(parse, output, () => Profile.Load(parse.GetValue(ProfileName)!, parse.GetValue(Url))
                    ?? throw new UsageException("No API URL: run cnfpt login, or set CNFPT_URL (and CNFPT_CLIENT_ID, CNFPT_CLIENT_SECRET)."), cancellationToken);
            }
#pragma warning disable CA1031 // every failure becomes a documented exit code, never a stack trace
            catch (Exception exception)
#pragma warning restore CA1031
            {
                return output.Fail(exception);
            }
        });
}
