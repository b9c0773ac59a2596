using Asp.Versioning;

namespace Cnfpt.OpenApi.Api.Versioning;

/// <summary>
/// The versions this API serves and their lifecycle: the one place to change when a version is added,
/// deprecated or retired (docs/versioning.md is the policy these dates follow).
/// </summary>
internal static class ApiVersions
{
    public static readonly ApiVersion V1 = new(1, 0);
    public static readonly ApiVersion V2 = new(2, 0);

    /// <summary>Every version served, oldest first.</summary>
    public static readonly ApiVersion[] Supported = [V1, V2];

    /// <summary>The versions still served but deprecated: they answer with Deprecation, Sunset and Link headers.</summary>
    public static readonly ApiVersion[] Deprecated = [V1];

    /// <summary>v1 is deprecated from the day v2 was released (2.0, 23 November 2026).</summary>
    public static readonly DateTimeOffset V1DeprecatedOn = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// v1 stops answering twelve months and a week after v2's release: HR vendors ship once or twice a year, so
    /// every vendor gets at least one release cycle to migrate (docs/versioning.md, "How long a version lives").
    /// </summary>
    public static readonly DateTimeOffset V1SunsetOn = new(2027, 11, 30, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The migration guide, served by the API itself so that the Link header always resolves.</summary>
    public const string MigrationGuidePath = "/docs/migration-v1-v2.md";

    /// <summary>The URL prefix of a version: <c>v1</c>, <c>v2</c>.</summary>
    public static string Prefix(ApiVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return "v" + version.MajorVersion!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The version a path's first segment names (<c>/v2/Sessions</c> → 2.0); null when it names none.</summary>
    public static ApiVersion? FromPath(PathString path, out bool namesAVersion)
    {
        namesAVersion = false;
        var value = path.Value;
        if (value is null || value.Length < 3 || value[0] != '/' || (value[1] != 'v' && value[1] != 'V'))
        {
            return null;
        }

        var end = value.IndexOf('/', 2);
        var digits = end < 0 ? value.AsSpan(2) : value.AsSpan(2, end - 2);
        if (digits.IsEmpty || !int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major))
        {
            return null;
        }

        namesAVersion = true;
        return Array.Find(Supported, v => v.MajorVersion == major);
    }
}
