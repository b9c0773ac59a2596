using Cnfpt.OpenApi.Pact.Native;

namespace Cnfpt.OpenApi.Pact;

/// <summary>
/// The expectations of one consumer of one provider (Pact specification V4), built in a test, served by a
/// mock server, and written as <c>{consumer}-{provider}.json</c>. One builder per test: the native handle is
/// not shared, so tests in parallel never touch each other's pacts; several tests of the same consumer merge
/// their interactions into the same file (see <see cref="PactFiles"/>; <see cref="PactRun"/> publishes them).
/// </summary>
public sealed class PactBuilder : IDisposable
{
    private readonly ushort _handle;
    private bool _disposed;

    public PactBuilder(string consumer, string provider, string pactDirectory)
    {
        Consumer = consumer;
        Provider = provider;
        PactDirectory = pactDirectory;
        _handle = PactFfi.NewPact(consumer, provider);
        Ensure(PactFfi.WithSpecification(_handle, PactFfi.SpecificationV4), "pactffi_with_specification(V4)");
    }

    public string Consumer { get; }

    public string Provider { get; }

    /// <summary>Where <see cref="VerifyAsync"/> merges the interactions into the pact file.</summary>
    public string PactDirectory { get; }

    /// <summary>Starts an interaction: <paramref name="description"/> names it in the pact and in verification reports.</summary>
    public RequestBuilder UponReceiving(string description)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var interaction = PactFfi.NewInteraction(_handle, description);
        Ensure(interaction != 0, $"pactffi_new_interaction('{description}')");
        Ensure(PactFfi.UponReceiving(interaction, description), "pactffi_upon_receiving");
        return new RequestBuilder(interaction, description);
    }

    /// <summary>Starts a mock server on 127.0.0.1 and a free port that answers the interactions declared so far.</summary>
    public MockServer StartMockServer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var port = PactFfi.CreateMockServerForTransport(_handle, "127.0.0.1", 0, "http", IntPtr.Zero);
        if (port <= 0)
        {
            // -1 null pointer, -2 invalid pact JSON, -3 could not start, -4 panic, -5 bad address.
            throw new InvalidOperationException($"libpact_ffi could not start a mock server for {Consumer} → {Provider} (error {port}).");
        }

        return new MockServer(port);
    }

    /// <summary>
    /// Runs <paramref name="test"/> against a fresh mock server, then fails with every mismatch (unexpected,
    /// wrong or missing requests) if the consumer did not make exactly the declared requests; on success
    /// merges the interactions into the pact file.
    /// </summary>
    public async Task VerifyAsync(Func<Uri, Task> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        using var server = StartMockServer();
        Exception? failure = null;
        try
        {
            await test(server.BaseUri);
        }
#pragma warning disable CA1031 // Any failure of the consumer code is reported together with the mismatches.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failure = exception;
        }

        if (!server.Matched || failure is not null)
        {
            throw new PactMismatchException(Consumer, Provider, server.Mismatches(), failure);
        }

        PactFiles.Write(server, Consumer, Provider, PactDirectory);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _ = PactFfi.FreePactHandle(_handle);
        }
    }

    internal static void Ensure(bool ok, string call)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"libpact_ffi refused {call} (handle invalid, mock server already started, or the value is not valid).");
        }
    }
}
