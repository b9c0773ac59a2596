namespace Cnfpt.OpenApi.Api.Tests.Contracts.Gate;

/// <summary>What kind of break: the gate's message names it, tests match on it.</summary>
public enum BreakKind
{
    RemovedPath,
    RemovedOperation,
    RenamedOperation,
    RemovedParameter,
    NewRequiredParameter,
    ParameterMadeRequired,
    RemovedProperty,
    NewRequiredProperty,
    RemovedType,
    RemovedEnumMember,
    AddedEnumMember,
    RemovedEntitySet,
    RemovedNavigation,
    ChangedKey,
    NarrowedType,
    ChangedType,
    NowNullable,
}

/// <summary>One change that can break a client of a released version, with where it is and what it was.</summary>
public sealed record ContractBreak(BreakKind Kind, string Where, string Detail)
{
    public override string ToString() => $"{Kind}: {Where} — {Detail}";
}
