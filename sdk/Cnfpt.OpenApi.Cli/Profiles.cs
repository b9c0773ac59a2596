using System.Text.Json;
using Cnfpt.OpenApi.Sdk;

namespace Cnfpt.OpenApi.Cli;

/// <summary>Where the API is and who calls it: a saved profile, overridden by CNFPT_URL, CNFPT_CLIENT_ID, CNFPT_CLIENT_SECRET.</summary>
internal sealed record Profile(string Url, string? ClientId, string? ClientSecret)
{
    /// <summary>Profiles live in the user's configuration folder (CNFPT_CONFIG_DIR overrides it), one file each, readable by the user only.</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable("CNFPT_CONFIG_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create), "cnfpt");

    public static string PathOf(string name) => Path.Combine(Directory, $"profile-{name}.json");

    public static Profile? Load(string name, string? urlOverride = null)
    {
        var path = PathOf(name);
        var saved = File.Exists(path) ? JsonSerializer.Deserialize<Profile>(File.ReadAllText(path)) : null;
        var url = urlOverride ?? Environment.GetEnvironmentVariable("CNFPT_URL") ?? saved?.Url;
        if (url is null)
        {
            return null;
        }

        return new Profile(url,
            Environment.GetEnvironmentVariable("CNFPT_CLIENT_ID") ?? saved?.ClientId,
            Environment.GetEnvironmentVariable("CNFPT_CLIENT_SECRET") ?? saved?.ClientSecret);
    }

    public void Save(string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(name);
        // Created empty with mode 0600 before the secret is written, so it is never readable by others, even briefly.
        using (var stream = OperatingSystem.IsWindows()
            ? new FileStream(path, FileMode.Create, FileAccess.Write)
            : new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            JsonSerializer.Serialize(stream, this);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public CnfptClient CreateClient(bool anonymous = false, IAttestationKeyCache? attestationKeys = null) => new(new CnfptClientOptions
    {
        AttestationKeyCache = attestationKeys,
        BaseAddress = new Uri(Url.EndsWith('/') ? Url : Url + "/"),
        ClientId = anonymous ? null : ClientId,
        ClientSecret = anonymous ? null : ClientSecret,
    });
}
