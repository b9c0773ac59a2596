using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cnfpt.OpenApi.Sdk.Tests.Infrastructure;

/// <summary>
/// The sandbox as a user runs it (embedded SQLite created and seeded at start, the demo clients of docs/security.md),
/// on real Kestrel bound to 127.0.0.1, so that samples and the CLI run against it as separate processes, by URL.
/// </summary>
public sealed class SandboxServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cnfpt-sandbox-").FullName;

    public SandboxServer() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    /// <summary>The sandbox's base address, ending with a slash.</summary>
    public Uri Url => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:SandboxFile", Path.Combine(_directory, "sandbox.db"));
        builder.UseSetting("Auth:EphemeralKeys", "true");
        builder.UseSetting("Auth:RequireHttps", "false");
        builder.UseSetting("Hardening:EnforceHttps", "false");
        builder.ConfigureLogging(logging => logging.ClearProviders());
    }

    public Task InitializeAsync()
    {
        StartServer();
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Runs a built sample or tool (<c>dotnet path.dll args</c>) to its end; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string dll, IEnumerable<string> arguments, string? workingDirectory = null,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? Path.GetTempPath() };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The built output of a project of this repository (same configuration as the tests).</summary>
    public static string Built(string projectDirectory, string assemblyName)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var path = Path.Combine(Api.Tests.Infrastructure.Repository.Root, projectDirectory, "bin", configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built: build the solution first.", path);
    }
}
