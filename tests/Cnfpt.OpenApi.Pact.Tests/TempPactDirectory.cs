namespace Cnfpt.OpenApi.Pact.Tests;

/// <summary>A folder of its own for the pact files a binding test writes (they never go to contracts/pacts).</summary>
public sealed class TempPactDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("cnfpt-pact-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
