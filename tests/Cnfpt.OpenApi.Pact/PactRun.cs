namespace Cnfpt.OpenApi.Pact;

/// <summary>
/// One test run's pacts: tests write into a private folder next to the published ones, and when the run ends
/// (<see cref="Dispose"/>) each merged file replaces the published one with an atomic rename. So a run
/// regenerates the pacts (an interaction removed from the tests disappears), and the provider verification,
/// which may run at the same time in another test project, never reads a half-written file.
/// Use one per consumer for all of that consumer's tests (an xunit collection fixture): a filtered run
/// publishes only the interactions it ran (git diff shows it).
/// </summary>
public sealed class PactRun : IDisposable
{
    private readonly string _publishTo;

    public PactRun()
        : this(PactFiles.DefaultDirectory)
    {
    }

    private PactRun(string publishTo)
    {
        _publishTo = publishTo;
        // Inside the published folder: same file system, so File.Move is a rename. Dot-folders are git-ignored.
        WorkDirectory = Path.Combine(publishTo, $".run-{Guid.NewGuid():N}");
        Directory.CreateDirectory(WorkDirectory);
    }

    public string WorkDirectory { get; }

    /// <summary>A run that publishes into another folder than contracts/pacts (xunit fixtures need one public constructor).</summary>
    public static PactRun PublishingTo(string directory) => new(directory);

    /// <summary>A pact of <paramref name="consumer"/> with <paramref name="provider"/> written into this run.</summary>
    public PactBuilder NewPact(string consumer, string provider) => new(consumer, provider, WorkDirectory);

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(WorkDirectory, "*.json"))
        {
            File.Move(file, Path.Combine(_publishTo, Path.GetFileName(file)), overwrite: true);
        }

        Directory.Delete(WorkDirectory, recursive: true);
    }
}
