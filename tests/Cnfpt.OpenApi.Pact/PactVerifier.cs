using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cnfpt.OpenApi.Pact.Native;

namespace Cnfpt.OpenApi.Pact;

/// <summary>
/// Replays pact files against a running provider with libpact_ffi's verifier (the same library as the
/// consumer side: no extra process, and its output and JSON report come back as strings for the test's
/// failure message, where the CLI's would have to be parsed from a child process).
/// </summary>
public sealed class PactVerifier : IDisposable
{
    private readonly IntPtr _handle;
    private readonly List<string> _files = [];
    private bool _disposed;

    public PactVerifier(string provider, Uri baseUri, string providerVersion = "0.0.0")
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        _handle = PactFfi.VerifierNew("Cnfpt.OpenApi.Pact", providerVersion);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("libpact_ffi could not create a verifier.");
        }

        PactFfi.VerifierSetProviderInfo(_handle, provider, baseUri.Scheme, baseUri.Host, checked((ushort)baseUri.Port), baseUri.AbsolutePath);
        _ = PactFfi.VerifierSetColouredOutput(_handle, false);
        _ = PactFfi.VerifierSetNoPactsIsError(_handle, true);
        _ = PactFfi.VerifierSetVerificationOptions(_handle, false, 30_000);
    }

    /// <summary>
    /// The provider-state endpoint: before each interaction the verifier POSTs
    /// <c>{"action":"setup","state":…,"params":{…}}</c> to it (and "teardown" afterwards).
    /// </summary>
    public PactVerifier WithProviderStateUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        PactFfi.VerifierSetProviderState(_handle, url.AbsoluteUri, true, true);
        return this;
    }

    /// <summary>A header added to every replayed request (a bearer token, so that pacts hold no credentials).</summary>
    public PactVerifier WithCustomHeader(string name, string value)
    {
        PactFfi.VerifierAddCustomHeader(_handle, name, value);
        return this;
    }

    public PactVerifier WithPactFile(string path)
    {
        var full = Path.GetFullPath(path);
        PactFfi.VerifierAddFileSource(_handle, full);
        _files.Add(full);
        return this;
    }

    /// <summary>Replays only the interactions whose description matches this regular expression.</summary>
    public PactVerifier WithDescriptionFilter(string descriptionRegex)
    {
        PactFfi.VerifierSetFilterInfo(_handle, descriptionRegex, null, false);
        return this;
    }

    /// <summary>
    /// Runs the verification (blocking: it drives its own HTTP client; the provider must answer on other
    /// threads, which Kestrel does) and returns its report.
    /// </summary>
    public VerificationResult Verify()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var exitCode = PactFfi.VerifierExecute(_handle);
        var output = PactFfi.Owned(PactFfi.VerifierOutput(_handle, true)) ?? "";
        var json = PactFfi.Owned(PactFfi.VerifierJson(_handle)) ?? "{}";
        return new VerificationResult(exitCode, output, json, _files);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            PactFfi.VerifierShutdown(_handle);
        }
    }
}

/// <summary>What the verifier did: exit code (0 all passed, 1 some failed, 2+ could not run), its text output, its JSON report.</summary>
public sealed partial class VerificationResult
{
    internal VerificationResult(int exitCode, string output, string json, IReadOnlyList<string> files)
    {
        ExitCode = exitCode;
        Output = output;
        Json = json;
        using var report = JsonDocument.Parse(json);
        var results = report.RootElement.TryGetProperty("interactionResults", out var list) ? [.. list.EnumerateArray()] : new List<JsonElement>();
        VerifiedCount = results.Count;
        Failures = [.. results.Where(r => r.TryGetProperty("mismatch", out var m) && m.ValueKind == JsonValueKind.Object).Select(Describe)];
        InteractionCount = files.Sum(CountInteractions);
    }

    public int ExitCode { get; }

    public bool Passed => ExitCode == 0;

    public string Output { get; }

    public string Json { get; }

    /// <summary>"description: why" for each interaction that failed.</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>Interactions the verifier replayed (its JSON report's interactionResults).</summary>
    public int VerifiedCount { get; }

    /// <summary>Interactions in the pact files given to the verifier (an empty file would pass silently).</summary>
    public int InteractionCount { get; }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"exit {ExitCode}, {InteractionCount} interactions in the pacts, {VerifiedCount} verified, {Failures.Count} failed{Environment.NewLine}")
        + string.Join(Environment.NewLine, Failures.Select(f => "  - " + f));

    /// <summary>"consumer: description: BodyMismatch at $: Actual map is missing the following keys: title".</summary>
    private static string Describe(JsonElement result)
    {
        var name = $"{Text(result, "consumer")}: {Text(result, "description")}";
        var mismatch = result.GetProperty("mismatch");
        if (mismatch.TryGetProperty("mismatches", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            // The same mismatch on every item of a page would make 100 lines: one per path pattern, with a count.
            var lines = list.EnumerateArray()
                .Select(m => (Type: Text(m, "type"), Path: Text(m, "path") is { } path ? ArrayIndex().Replace(path, "[*]") : null, Text: Text(m, "mismatch") ?? m.GetRawText()))
                .GroupBy(m => m)
                .Select(g => $"{g.Key.Type}{(g.Key.Path is null ? "" : " at " + g.Key.Path)}{(g.Count() > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({g.Count()} items)") : "")}: {g.Key.Text}")
                .Order(StringComparer.Ordinal);
            return name + ": " + string.Join("; ", lines);
        }

        // A state change or transport error: {"type":"error","message":"…"}.
        return name + ": " + (Text(mismatch, "message") ?? mismatch.GetRawText());
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex ArrayIndex();

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int CountInteractions(string file)
    {
        using var pact = JsonDocument.Parse(File.ReadAllText(file));
        return pact.RootElement.TryGetProperty("interactions", out var interactions) ? interactions.GetArrayLength() : 0;
    }
}
