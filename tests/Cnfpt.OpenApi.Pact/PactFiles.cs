using Cnfpt.OpenApi.Pact.Native;

namespace Cnfpt.OpenApi.Pact;

/// <summary>Where pact files go, and how a test's interactions are merged into them.</summary>
public static class PactFiles
{
    private static readonly Lock Gate = new();

    /// <summary>contracts/pacts under the repository root (the folder above the binaries holding Cnfpt.OpenApi.sln).</summary>
    public static string DefaultDirectory { get; } = Path.Combine(RepositoryRoot(), "contracts", "pacts");

    public static string PathOf(string consumer, string provider, string directory) =>
        Path.Combine(directory, $"{consumer}-{provider}.json");

    /// <summary>
    /// Merges the server's interactions into the pact file of <paramref name="directory"/> (several tests of one
    /// consumer each add theirs). Serialised in-process; libpact_ffi also locks the file.
    /// </summary>
    internal static void Write(MockServer server, string consumer, string provider, string directory)
    {
        lock (Gate)
        {
            Directory.CreateDirectory(directory);
            var result = PactFfi.WritePactFile(server.Port, directory, overwrite: false);
            if (result != 0)
            {
                // 1 panic, 2 could not write the file, 3 no such mock server.
                throw new IOException($"libpact_ffi could not write {PathOf(consumer, provider, directory)} (error {result}).");
            }
        }
    }

    private static string RepositoryRoot()
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
