using System.CommandLine;
using Cnfpt.OpenApi.Sdk;

namespace Cnfpt.OpenApi.Cli.Commands;

/// <summary><c>cnfpt login</c>: checks the credentials against the API, then saves them in a profile readable by the user only.</summary>
internal static class LoginCommand
{
    public static Command Create()
    {
        var clientId = new Option<string?>("--client-id") { Description = "OAuth client id (else CNFPT_CLIENT_ID)" };
        var clientSecret = new Option<string?>("--client-secret") { Description = "OAuth client secret (else CNFPT_CLIENT_SECRET; prefer the variable: the command line shows in ps)" };
        var command = new Command("login", "Save the API URL and client credentials in a profile (mode 0600)") { clientId, clientSecret };
        GlobalOptions.SetAction(command, async (parse, output, _, cancellationToken) =>
        {
            var url = parse.GetValue(GlobalOptions.Url) ?? Environment.GetEnvironmentVariable("CNFPT_URL")
                ?? throw new UsageException("--url is required (or CNFPT_URL).");
            var profile = new Profile(url,
                parse.GetValue(clientId) ?? Environment.GetEnvironmentVariable("CNFPT_CLIENT_ID") ?? throw new UsageException("--client-id is required (or CNFPT_CLIENT_ID)."),
                parse.GetValue(clientSecret) ?? Environment.GetEnvironmentVariable("CNFPT_CLIENT_SECRET") ?? throw new UsageException("--client-secret is required (or CNFPT_CLIENT_SECRET)."));
            using (var client = profile.CreateClient())
            {
                // Any authenticated read proves the URL and the credentials: the collectivités this client acts for.
                await client.Collectivites.ListAsync(top: 1, select: "id", cancellationToken: cancellationToken);
            }

            var name = parse.GetValue(GlobalOptions.ProfileName)!;
            profile.Save(name);
            if (output.Json)
            {
                output.Write(new { profile = name, url = profile.Url, clientId = profile.ClientId, path = Profile.PathOf(name) });
            }
            else
            {
                output.Line($"Logged in to [bold]{Spectre.Console.Markup.Escape(profile.Url)}[/] as [bold]{Spectre.Console.Markup.Escape(profile.ClientId!)}[/]; profile '{name}' saved in {Spectre.Console.Markup.Escape(Profile.PathOf(name))}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
