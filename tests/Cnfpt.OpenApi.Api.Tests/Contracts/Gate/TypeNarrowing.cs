namespace Cnfpt.OpenApi.Api.Tests.Contracts.Gate;

/// <summary>Which type changes narrow what a released contract accepted or returned (shared by both checkers).</summary>
internal static class TypeNarrowing
{
    // Each type with the types it can hold: a change to a type outside that set narrows the range.
    private static readonly Dictionary<string, int> Width = new(StringComparer.Ordinal)
    {
        ["Edm.Byte"] = 1, ["Edm.SByte"] = 1, ["Edm.Int16"] = 2, ["Edm.Int32"] = 3, ["Edm.Int64"] = 4, ["Edm.Decimal"] = 5, ["Edm.Double"] = 5,
        ["integer/int32"] = 3, ["integer/int64"] = 4, ["integer/"] = 4, ["number/float"] = 5, ["number/double"] = 5, ["number/"] = 5,
    };

    /// <summary>"narrowed" when both are numeric and the new one holds less; otherwise "changed" (still a break).</summary>
    public static BreakKind Classify(string released, string current) =>
        Width.TryGetValue(released, out var before) && Width.TryGetValue(current, out var after) && after < before
            ? BreakKind.NarrowedType
            : BreakKind.ChangedType;
}
