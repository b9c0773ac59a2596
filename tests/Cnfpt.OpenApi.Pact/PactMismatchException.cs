namespace Cnfpt.OpenApi.Pact;

/// <summary>The consumer did not make exactly the requests its pact declares; the message lists every mismatch.</summary>
public sealed class PactMismatchException : Exception
{
    public PactMismatchException()
    {
        Mismatches = [];
    }

    public PactMismatchException(string message)
        : base(message)
    {
        Mismatches = [];
    }

    public PactMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        Mismatches = [];
    }

    internal PactMismatchException(string consumer, string provider, IReadOnlyList<string> mismatches, Exception? failure)
        : base(Describe(consumer, provider, mismatches, failure), failure)
    {
        Mismatches = mismatches;
    }

    public IReadOnlyList<string> Mismatches { get; }

    private static string Describe(string consumer, string provider, IReadOnlyList<string> mismatches, Exception? failure)
    {
        var lines = new List<string> { $"Pact {consumer} → {provider}: the mock server saw requests that differ from the declared interactions." };
        lines.AddRange(mismatches.Select(m => "  - " + m));
        if (failure is not null)
        {
            lines.Add($"  The test itself failed: {failure.GetType().Name}: {failure.Message}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
