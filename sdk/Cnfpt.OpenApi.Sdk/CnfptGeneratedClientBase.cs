using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>
/// Base class of the clients NSwag generates (<c>/clientBaseClass</c>): the JSON settings they share.
/// </summary>
public abstract class CnfptGeneratedClientBase
{
    /// <summary>The settings every generated client and the hand-written core serialise with.</summary>
    internal static JsonSerializerOptions Json { get; } = CreateJson();

    /// <summary>
    /// Called by each generated client on its serializer settings. Unset properties are left out of request
    /// bodies: the generated models would otherwise send <c>null</c> for every navigation property, which the
    /// server's OData formatter reads as a null body.
    /// </summary>
    /// <param name="settings">The settings to update.</param>
    protected static void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }

    private static JsonSerializerOptions CreateJson()
    {
        var settings = new JsonSerializerOptions();
        UpdateJsonSerializerSettings(settings);
        return settings;
    }
}
