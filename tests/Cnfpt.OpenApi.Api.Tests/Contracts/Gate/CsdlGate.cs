using System.Xml.Linq;

namespace Cnfpt.OpenApi.Api.Tests.Contracts.Gate;

/// <summary>
/// Compares a released CSDL (<c>$metadata</c>) with the current one of the same version and names every change that
/// can break an OData client (code generated from <c>$metadata</c>, <c>$select</c>/<c>$filter</c> on names): removed
/// entity set, type, property, navigation or enum member, added enum member, changed key, narrowed or changed type,
/// a property that may now be null, removed action or function, and a parameter removed, added as required or made
/// required. Elements are matched by name; a rename shows as the removal of the old name.
/// </summary>
public static class CsdlGate
{
    private static readonly XNamespace Edm = "http://docs.oasis-open.org/odata/ns/edm";

    public static List<ContractBreak> Compare(XDocument released, XDocument current)
    {
        ArgumentNullException.ThrowIfNull(released);
        ArgumentNullException.ThrowIfNull(current);
        var breaks = new List<ContractBreak>();
        CompareEntitySets(released, current, breaks);
        CompareStructuredTypes(released, current, breaks);
        CompareEnums(released, current, breaks);
        CompareOperations(released, current, breaks);
        return breaks;
    }

    private static void CompareEntitySets(XDocument released, XDocument current, List<ContractBreak> breaks)
    {
        var sets = Named(current, "EntitySet").ToDictionary(e => Name(e), StringComparer.Ordinal);
        foreach (var set in Named(released, "EntitySet").Concat(Named(released, "Singleton")))
        {
            if (!sets.TryGetValue(Name(set), out var now) && Named(current, "Singleton").All(s => Name(s) != Name(set)))
            {
                breaks.Add(new(BreakKind.RemovedEntitySet, Name(set), "entity set removed or renamed"));
            }
            else if (now is not null && Local(Attr(set, "EntityType")) != Local(Attr(now, "EntityType")))
            {
                breaks.Add(new(BreakKind.ChangedType, Name(set), $"entity type {Attr(set, "EntityType")} became {Attr(now, "EntityType")}"));
            }
        }
    }

    private static void CompareStructuredTypes(XDocument released, XDocument current, List<ContractBreak> breaks)
    {
        var types = Named(current, "EntityType").Concat(Named(current, "ComplexType")).ToDictionary(e => Name(e), StringComparer.Ordinal);
        foreach (var type in Named(released, "EntityType").Concat(Named(released, "ComplexType")))
        {
            if (!types.TryGetValue(Name(type), out var now))
            {
                breaks.Add(new(BreakKind.RemovedType, Name(type), $"{type.Name.LocalName} removed or renamed"));
                continue;
            }

            var key = Keys(type);
            if (key != Keys(now))
            {
                breaks.Add(new(BreakKind.ChangedKey, Name(type), $"key ({key}) became ({Keys(now)})"));
            }

            var properties = now.Elements(Edm + "Property").ToDictionary(p => Name(p), StringComparer.Ordinal);
            foreach (var property in type.Elements(Edm + "Property"))
            {
                var where = $"{Name(type)}.{Name(property)}";
                if (!properties.TryGetValue(Name(property), out var nowProperty))
                {
                    breaks.Add(new(BreakKind.RemovedProperty, where, "property removed or renamed"));
                    continue;
                }

                CompareType(where, property, nowProperty, breaks);
                if (Attr(property, "Nullable") == "false" && Attr(nowProperty, "Nullable") != "false")
                {
                    breaks.Add(new(BreakKind.NowNullable, where, "was never null, may now be null"));
                }
            }

            var navigations = now.Elements(Edm + "NavigationProperty").ToDictionary(p => Name(p), StringComparer.Ordinal);
            foreach (var navigation in type.Elements(Edm + "NavigationProperty"))
            {
                var where = $"{Name(type)}.{Name(navigation)}";
                if (!navigations.TryGetValue(Name(navigation), out var nowNavigation))
                {
                    breaks.Add(new(BreakKind.RemovedNavigation, where, "navigation property removed or renamed"));
                }
                else
                {
                    CompareType(where, navigation, nowNavigation, breaks);
                }
            }
        }
    }

    private static void CompareEnums(XDocument released, XDocument current, List<ContractBreak> breaks)
    {
        var enums = Named(current, "EnumType").ToDictionary(e => Name(e), StringComparer.Ordinal);
        foreach (var type in Named(released, "EnumType"))
        {
            if (!enums.TryGetValue(Name(type), out var now))
            {
                breaks.Add(new(BreakKind.RemovedType, Name(type), "enum type removed or renamed"));
                continue;
            }

            var before = type.Elements(Edm + "Member").ToDictionary(m => Name(m), m => Attr(m, "Value"), StringComparer.Ordinal);
            var after = now.Elements(Edm + "Member").ToDictionary(m => Name(m), m => Attr(m, "Value"), StringComparer.Ordinal);
            foreach (var (member, value) in before)
            {
                if (!after.TryGetValue(member, out var nowValue))
                {
                    breaks.Add(new(BreakKind.RemovedEnumMember, $"{Name(type)}.{member}", "enum member removed or renamed"));
                }
                else if (value != nowValue)
                {
                    breaks.Add(new(BreakKind.ChangedType, $"{Name(type)}.{member}", $"value {value} became {nowValue}"));
                }
            }

            foreach (var member in after.Keys.Where(m => !before.ContainsKey(m)))
            {
                breaks.Add(new(BreakKind.AddedEnumMember, $"{Name(type)}.{member}", "enum member added: clients that map the enum exhaustively break"));
            }
        }
    }

    private static void CompareOperations(XDocument released, XDocument current, List<ContractBreak> breaks)
    {
        var operations = Operations(current).ToDictionary(o => Signature(o), StringComparer.Ordinal);
        foreach (var operation in Operations(released))
        {
            var where = Signature(operation);
            if (!operations.TryGetValue(where, out var now))
            {
                breaks.Add(new(BreakKind.RemovedOperation, where, $"{operation.Name.LocalName} removed or renamed"));
                continue;
            }

            var parameters = Parameters(now).ToDictionary(p => Name(p), StringComparer.Ordinal);
            var before = Parameters(operation).ToDictionary(p => Name(p), StringComparer.Ordinal);
            foreach (var (name, parameter) in before)
            {
                if (!parameters.TryGetValue(name, out var nowParameter))
                {
                    breaks.Add(new(BreakKind.RemovedParameter, where, $"parameter {name} removed or renamed"));
                    continue;
                }

                if (IsOptional(parameter) && !IsOptional(nowParameter))
                {
                    breaks.Add(new(BreakKind.ParameterMadeRequired, where, $"parameter {name} made required"));
                }

                CompareType($"{where} parameter {name}", parameter, nowParameter, breaks);
            }

            foreach (var (name, _) in parameters.Where(p => !before.ContainsKey(p.Key) && !IsOptional(p.Value)))
            {
                breaks.Add(new(BreakKind.NewRequiredParameter, where, $"new required parameter {name}"));
            }

            var returned = operation.Element(Edm + "ReturnType");
            var nowReturned = now.Element(Edm + "ReturnType");
            if (Local(Attr(returned, "Type")) != Local(Attr(nowReturned, "Type")))
            {
                breaks.Add(new(BreakKind.ChangedType, where, $"return type {Attr(returned, "Type")} became {Attr(nowReturned, "Type")}"));
            }
        }
    }

    private static IEnumerable<XElement> Operations(XDocument csdl) => Named(csdl, "Action").Concat(Named(csdl, "Function"));

    /// <summary>Operations are overloaded by binding: <c>Action Cancel(Enrolment)</c>.</summary>
    private static string Signature(XElement operation)
    {
        var binding = Attr(operation, "IsBound") == "true" ? Local(Attr(operation.Elements(Edm + "Parameter").First(), "Type")) : "";
        return $"{operation.Name.LocalName} {Name(operation)}({binding})";
    }

    private static IEnumerable<XElement> Parameters(XElement operation) =>
        operation.Elements(Edm + "Parameter").Skip(Attr(operation, "IsBound") == "true" ? 1 : 0);

    private static bool IsOptional(XElement parameter) =>
        parameter.Elements(Edm + "Annotation").Any(a => Attr(a, "Term") == "Org.OData.Core.V1.OptionalParameter");

    private static void CompareType(string where, XElement released, XElement current, List<ContractBreak> breaks)
    {
        var before = Local(Attr(released, "Type")) ?? "none";
        var after = Local(Attr(current, "Type")) ?? "none";
        if (before != after)
        {
            breaks.Add(new(TypeNarrowing.Classify(before, after), where, $"type {before} became {after}"));
        }

        if (int.TryParse(Attr(current, "MaxLength"), out var max) && (!int.TryParse(Attr(released, "MaxLength"), out var was) || max < was))
        {
            breaks.Add(new(BreakKind.NarrowedType, where, $"MaxLength {Attr(released, "MaxLength") ?? "none"} became {max}"));
        }
    }

    private static string Keys(XElement type) =>
        string.Join(",", type.Elements(Edm + "Key").Elements(Edm + "PropertyRef").Select(p => Name(p)));

    private static IEnumerable<XElement> Named(XDocument csdl, string element) => csdl.Descendants(Edm + element);

    private static string Name(XElement element) => Attr(element, "Name") ?? "";

    private static string? Attr(XElement? element, string name) => element?.Attribute(name)?.Value;

    /// <summary>A type name without the version's namespace: each version has its own, and a version compares with itself.</summary>
    private static string? Local(string? type) =>
        type is null ? null
        : type.StartsWith("Collection(", StringComparison.Ordinal) ? $"Collection({Local(type[11..^1])})"
        : type.StartsWith("Edm.", StringComparison.Ordinal) ? type
        : type[(type.LastIndexOf('.') + 1)..];
}
