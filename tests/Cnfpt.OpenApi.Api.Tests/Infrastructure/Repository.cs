namespace Cnfpt.OpenApi.Api.Tests.Infrastructure;

public static class Repository
{
    /// <summary>The repository's root: the nearest folder above the test binaries that holds Cnfpt.OpenApi.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>True when contract tests should rewrite the committed files instead of comparing (CNFPT_UPDATE_CONTRACTS=1).</summary>
    public static bool UpdateContracts => Environment.GetEnvironmentVariable("CNFPT_UPDATE_CONTRACTS") == "1";

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cnfpt.OpenApi.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cnfpt.OpenApi.sln not found above " + AppContext.BaseDirectory);
    }
}
