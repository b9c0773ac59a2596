using System.Globalization;

namespace Cnfpt.OpenApi.Bench;

/// <summary>The one query both endpoints answer: the first 100 sessions open for enrolment from the seed's "today", with their course.</summary>
internal static class BenchQuery
{
    public const string Status = "OpenForEnrolment";
    public const int Top = 100;
    public static readonly DateOnly From = BenchDatabase.ReferenceDate;

    public static Uri OData { get; } = new(
        "/v1/Sessions?$filter=" + Uri.EscapeDataString($"startDate ge {From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} and status eq '{Status}'")
        + $"&$expand=course&$top={Top}",
        UriKind.Relative);

    public static Uri Raw { get; } = new(RawSessionsEndpoint.Path, UriKind.Relative);
}
