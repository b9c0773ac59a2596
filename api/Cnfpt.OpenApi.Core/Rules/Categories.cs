using Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Core.Rules;

public static class Categories
{
    /// <summary>The one-element set of a catégorie, to test a course's targets.</summary>
    public static TargetCategories Of(AgentCategory category) => category switch
    {
        AgentCategory.A => TargetCategories.A,
        AgentCategory.B => TargetCategories.B,
        AgentCategory.C => TargetCategories.C,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };
}
