using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>Writes a .NET value as an OData 4.01 URL literal, so that a name like <c>L'Haÿ-les-Roses</c> cannot break a <c>$filter</c>.</summary>
public static class ODataLiteral
{
    /// <summary>Formats a value: strings quoted with inner quotes doubled, dates as <c>2026-10-01</c>, timestamps in UTC, enums by their wire name.</summary>
    /// <param name="value">The value (null gives <c>null</c>).</param>
    /// <returns>The literal, not yet URL-encoded.</returns>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        char c => Format(c.ToString()),
        bool b => b ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTime time => Format(new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time)),
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        Guid guid => guid.ToString("D"),
        Enum member => Format(WireName(member)),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"No OData literal for a {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>The name an enum member has on the wire (its <see cref="EnumMemberAttribute"/>, else its C# name).</summary>
    internal static string WireName(Enum member)
    {
        var name = member.ToString();
        var field = member.GetType().GetField(name, BindingFlags.Public | BindingFlags.Static);
        return field?.GetCustomAttribute<EnumMemberAttribute>()?.Value
            ?? name;
    }
}
