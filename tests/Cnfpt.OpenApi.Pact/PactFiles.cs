using Cnfpt.OpenApi.Pact.Native;

namespace Cnfpt.OpenApi.Pact;

/// <summary>
/// Writes pact files so that a test run regenerates them: the first write of a file in this process replaces
/// it (interactions removed from the tests disappear), later writes merge their interactions into it (the
/// tests of one consumer each add theirs). Writes are serialised in-process; libpact_ffi also locks the file.
/// Consequence: run a consumer's whole test project to regenerate its pact; a filtered run rewrites the file
/// with only the interactions it ran (git diff shows it).
/// </summary>
public static class PactFiles
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> WrittenThisRun = new(StringComparer.Ordinal);

    /// <summary>contracts/pacts under the repository root (the folder above the binaries holding Cnfpt.OpenApi.sln).</summary>
    public static string DefaultDirectory { get; } = Path.Combine(RepositoryRoot(), "contracts", "pacts");

    public static string PathOf(string consumer, string provider, string directory) =>
        Path.Combine(directory, $"{consumer}-{provider}.json");

    internal static void Write(MockServer server, string consumer, string provider, string directory)
    {
        var path = Path.GetFullPath(PathOf(consumer, provider, directory));
        lock (Gate)
        {
            Directory.CreateDirectory(directory);
            var overwrite = WrittenThisRun.Add(path);
            var result = PactFfi.WritePactFile(server.Port, directory, overwrite);
            if (result != 0)
            {
                _ = WrittenThisRun.Remove(path);
                // 1 panic, 2 could not write the file, 3 no such mock server.
                throw new IOException($"libpact_ffi could not write {path} (error {result}).");
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
