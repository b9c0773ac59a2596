using System.Globalization;

namespace Cnfpt.OpenApi.Core.Documents;

/// <summary>
/// Dates and times as French documents write them ("le 1er janvier 2027 à 9 h 05", "du 12 au 14 janvier 2027"),
/// in Paris time. Written out by hand so that the output does not depend on the machine's ICU data.
/// </summary>
public static class FrenchFormat
{
    private static readonly string[] Months =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>The time zone of every date a CNFPT document shows, and of the print batches' days.</summary>
    public static TimeZoneInfo Paris { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The calendar day in Paris at that instant.</summary>
    public static DateOnly ParisDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Paris).DateTime);

    /// <summary>"1er janvier 2027", "23 novembre 2026".</summary>
    public static string Date(DateOnly date) => $"{DayOfMonth(date.Day)} {Months[date.Month - 1]} {date.Year.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>"le 23 novembre 2026 à 10 h 05", Paris time.</summary>
    public static string Instant(DateTimeOffset instant)
    {
        var paris = TimeZoneInfo.ConvertTime(instant, Paris);
        return string.Create(CultureInfo.InvariantCulture, $"le {Date(DateOnly.FromDateTime(paris.DateTime))} à {paris.Hour} h {paris.Minute:00}");
    }

    /// <summary>"le 12 janvier 2027", "du 12 au 14 janvier 2027", "du 30 janvier au 2 février 2027", "du 30 décembre 2026 au 2 janvier 2027".</summary>
    public static string Period(DateOnly start, DateOnly end)
    {
        if (end <= start)
        {
            return "le " + Date(start);
        }

        var from = start.Year != end.Year ? Date(start)
            : start.Month != end.Month ? $"{DayOfMonth(start.Day)} {Months[start.Month - 1]}"
            : DayOfMonth(start.Day);
        return $"du {from} au {Date(end)}";
    }

    private static string DayOfMonth(int day) => day == 1 ? "1er" : day.ToString(CultureInfo.InvariantCulture);
}
