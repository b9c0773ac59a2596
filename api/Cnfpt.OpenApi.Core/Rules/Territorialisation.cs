namespace Cnfpt.OpenApi.Core.Rules;

/// <summary>Seuil de territorialisation: the pooled demand that opens a session in a périmètre.</summary>
public static class Territorialisation
{
    public const int DefaultThreshold = 15;

    /// <summary>Some themes open from 12 or 13 trainees; nothing opens below 12.</summary>
    public const int LowestThreshold = 12;

    /// <summary>True when <paramref name="demand"/> trainees in one périmètre are enough to open a session (the threshold itself counts).</summary>
    public static bool IsReached(int demand, int threshold) => demand >= Math.Max(threshold, LowestThreshold);
}
