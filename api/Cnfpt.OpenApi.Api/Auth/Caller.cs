using Cnfpt.OpenApi.Core.Data;

namespace Cnfpt.OpenApi.Api.Auth;

/// <summary>Who calls the API.</summary>
public enum CallerKind
{
    /// <summary>No token: reads the catalogue, feeds and open-data statistics under a per-IP quota.</summary>
    Anonymous,

    /// <summary>An HR software vendor's application: acts for the collectivités that mandated it.</summary>
    Vendor,

    /// <summary>A collectivité's own IT (scripts): acts for that collectivité only.</summary>
    Collectivite,

    /// <summary>CNFPT staff applications: every collectivité.</summary>
    BackOffice,
}

/// <summary>The resolved caller of the current request: its kind, client id and tenant scope.</summary>
public sealed record Caller(CallerKind Kind, string? ClientId, int? OwnCollectiviteId, TenantScope Tenant)
{
    public static Caller Anonymous { get; } = new(CallerKind.Anonymous, null, null, TenantScope.None);
}

/// <summary>Holds the <see cref="Caller"/> of the request (set by the tenant resolution middleware).</summary>
public sealed class CallerAccessor
{
    public Caller Caller { get; set; } = Caller.Anonymous;
}

/// <summary>Claims this API puts into access tokens besides the standard ones.</summary>
public static class CnfptClaims
{
    public const string ClientKind = "client_kind";
    public const string CollectiviteId = "collectivite_id";
}
