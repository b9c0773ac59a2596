namespace Cnfpt.OpenApi.Core.Data;

/// <summary>
/// The collectivités whose rows a DbContext may read: the tenant filter applied by EF Core to every
/// tenant-owned table. The default is <see cref="None"/>: a context that nobody scoped sees no tenant row.
/// </summary>
public sealed record TenantScope
{
    private TenantScope(bool unrestricted, int[] collectiviteIds)
    {
        Unrestricted = unrestricted;
        CollectiviteIds = collectiviteIds;
    }

    /// <summary>Sees every collectivité (CNFPT back office, seeding, maintenance).</summary>
    public static TenantScope All { get; } = new(true, []);

    /// <summary>Sees no tenant row (anonymous callers, and any context not scoped explicitly).</summary>
    public static TenantScope None { get; } = new(false, []);

    public bool Unrestricted { get; }

    /// <summary>The collectivités visible when not <see cref="Unrestricted"/>.</summary>
    public int[] CollectiviteIds { get; }

    public static TenantScope Of(IEnumerable<int> collectiviteIds) => new(false, [.. collectiviteIds.Distinct().Order()]);

    public bool Allows(int collectiviteId) => Unrestricted || Array.BinarySearch(CollectiviteIds, collectiviteId) >= 0;
}
