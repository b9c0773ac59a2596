using System.Globalization;
using Cnfpt.OpenApi.Pact.Native;

namespace Cnfpt.OpenApi.Pact;

/// <summary>A running Pact mock server (libpact_ffi's, in this process), identified by its port.</summary>
public sealed class MockServer : IDisposable
{
    private bool _disposed;

    internal MockServer(int port)
    {
        Port = port;
        BaseUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
    }

    public int Port { get; }

    public Uri BaseUri { get; }

    /// <summary>True when every declared request was received and nothing else was.</summary>
    public bool Matched => PactFfi.MockServerMatched(Port);

    /// <summary>What went wrong so far, as a readable list (empty when <see cref="Matched"/>).</summary>
    public IReadOnlyList<string> Mismatches() => MismatchReport.Describe(PactFfi.Borrowed(PactFfi.MockServerMismatches(Port)));

    /// <summary>The log of this server (requests received, how they were matched).</summary>
    public string Logs() => PactFfi.Borrowed(PactFfi.MockServerLogs(Port)) ?? "";

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _ = PactFfi.CleanupMockServer(Port);
        }
    }
}
