using System.Text.Json.Nodes;

namespace Cnfpt.OpenApi.Api.Tests.Contracts.Gate;

/// <summary>
/// Compares a released OpenAPI document with the current one of the same version and names every change that can
/// break a client built on the released one: removed path or operation, renamed operationId, removed or new required
/// parameter, parameter or body made required, removed property or schema, removed or added enum member, narrowed or
/// changed type, a response property that may now be null. Additions (paths, operations, optional parameters,
/// properties) pass. Hand-written over System.Text.Json: the OpenAPI diff tools (oasdiff, openapi-diff) are Go or
/// Java programs not served here, and the rules are docs/versioning.md's, not a tool's defaults.
/// </summary>
public static class OpenApiGate
{
    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete", "head", "options"];

    public static List<ContractBreak> Compare(JsonNode released, JsonNode current)
    {
        ArgumentNullException.ThrowIfNull(released);
        ArgumentNullException.ThrowIfNull(current);
        var breaks = new List<ContractBreak>();
        var currentPaths = current["paths"]?.AsObject() ?? [];
        foreach (var (path, item) in released["paths"]?.AsObject() ?? [])
        {
            var operations = Operations(item).ToList();
            if (!currentPaths.TryGetPropertyValue(path, out var currentItem) || currentItem is null)
            {
                breaks.Add(new(BreakKind.RemovedPath, path, $"path removed or renamed (operations {string.Join(", ", operations.Select(o => OperationId(o.Operation)))})"));
                continue;
            }

            foreach (var (method, operation) in operations)
            {
                var where = $"{method.ToUpperInvariant()} {path}";
                if (currentItem[method] is not JsonObject now)
                {
                    breaks.Add(new(BreakKind.RemovedOperation, where, $"operation {OperationId(operation)} removed"));
                    continue;
                }

                if (OperationId(operation) != OperationId(now))
                {
                    breaks.Add(new(BreakKind.RenamedOperation, where, $"operationId {OperationId(operation)} renamed to {OperationId(now)}"));
                }

                CompareParameters(where, operation, now, breaks);
                if (operation["requestBody"]?["required"]?.GetValue<bool>() != true && now["requestBody"]?["required"]?.GetValue<bool>() == true)
                {
                    breaks.Add(new(BreakKind.ParameterMadeRequired, where, "request body made required"));
                }
            }
        }

        CompareSchemas(released, current, breaks);
        return breaks;
    }

    private static IEnumerable<(string Method, JsonObject Operation)> Operations(JsonNode? item) =>
        (item?.AsObject() ?? []).Where(p => Methods.Contains(p.Key) && p.Value is JsonObject).Select(p => (p.Key, (JsonObject)p.Value!));

    private static string OperationId(JsonNode operation) => operation["operationId"]?.GetValue<string>() ?? "(no operationId)";

    private static void CompareParameters(string where, JsonObject released, JsonObject current, List<ContractBreak> breaks)
    {
        static Dictionary<string, JsonObject> ByKey(JsonObject operation) =>
            (operation["parameters"]?.AsArray() ?? []).OfType<JsonObject>()
                .ToDictionary(p => $"{p["in"]?.GetValue<string>()}:{p["name"]?.GetValue<string>()}", StringComparer.Ordinal);

        var before = ByKey(released);
        var after = ByKey(current);
        foreach (var (key, parameter) in before)
        {
            var name = parameter["name"]!.GetValue<string>();
            if (!after.TryGetValue(key, out var now))
            {
                breaks.Add(new(BreakKind.RemovedParameter, where, $"parameter {name} ({parameter["in"]}) removed or renamed"));
                continue;
            }

            if (!IsRequired(parameter) && IsRequired(now))
            {
                breaks.Add(new(BreakKind.ParameterMadeRequired, where, $"parameter {name} made required"));
            }

            CompareTypes($"{where} parameter {name}", parameter["schema"], now["schema"], breaks);
        }

        foreach (var (key, parameter) in after.Where(p => !before.ContainsKey(p.Key) && IsRequired(p.Value)))
        {
            breaks.Add(new(BreakKind.NewRequiredParameter, where, $"new required parameter {parameter["name"]} ({parameter["in"]})"));
        }

        static bool IsRequired(JsonObject parameter) => parameter["required"]?.GetValue<bool>() == true;
    }

    private static void CompareSchemas(JsonNode released, JsonNode current, List<ContractBreak> breaks)
    {
        var schemas = current["components"]?["schemas"]?.AsObject() ?? [];
        var requestSchemas = Reachable(current, fromRequests: true);
        var responseSchemas = Reachable(current, fromRequests: false);
        foreach (var (name, schema) in released["components"]?["schemas"]?.AsObject() ?? [])
        {
            if (!schemas.TryGetPropertyValue(name, out var now) || now is null)
            {
                breaks.Add(new(BreakKind.RemovedType, name, $"schema {name} removed or renamed"));
                continue;
            }

            CompareEnum(name, schema, now, breaks);
            var properties = now["properties"]?.AsObject() ?? [];
            foreach (var (property, definition) in schema?["properties"]?.AsObject() ?? [])
            {
                if (!properties.TryGetPropertyValue(property, out var nowDefinition))
                {
                    breaks.Add(new(BreakKind.RemovedProperty, $"{name}.{property}", "property removed or renamed"));
                    continue;
                }

                CompareTypes($"{name}.{property}", definition, nowDefinition, breaks);
                CompareEnum($"{name}.{property}", definition, nowDefinition, breaks);
                if (responseSchemas.Contains(name) && definition?["nullable"]?.GetValue<bool>() != true && nowDefinition?["nullable"]?.GetValue<bool>() == true)
                {
                    breaks.Add(new(BreakKind.NowNullable, $"{name}.{property}", "may now be null in responses"));
                }
            }

            if (requestSchemas.Contains(name))
            {
                var required = Strings(schema?["required"]);
                foreach (var property in Strings(now["required"]).Where(p => !required.Contains(p)))
                {
                    breaks.Add(new(BreakKind.NewRequiredProperty, $"{name}.{property}", "required in request bodies now"));
                }
            }
        }
    }

    private static void CompareEnum(string where, JsonNode? released, JsonNode? current, List<ContractBreak> breaks)
    {
        if (released?["enum"] is not JsonArray) return;
        var before = Strings(released["enum"]);
        var after = Strings(current?["enum"]);
        foreach (var member in before.Where(m => !after.Contains(m)))
        {
            breaks.Add(new(BreakKind.RemovedEnumMember, $"{where}.{member}", "enum member removed or renamed"));
        }

        foreach (var member in after.Where(m => !before.Contains(m)))
        {
            breaks.Add(new(BreakKind.AddedEnumMember, $"{where}.{member}", "enum member added: clients that map the enum exhaustively break"));
        }
    }

    private static void CompareTypes(string where, JsonNode? released, JsonNode? current, List<ContractBreak> breaks)
    {
        var before = Signature(released);
        var after = Signature(current);
        if (before != after)
        {
            breaks.Add(new(TypeNarrowing.Classify(before, after), where, $"type {before} became {after}"));
        }

        foreach (var (limit, narrower) in new (string, Func<double, double, bool>)[] { ("maxLength", (b, a) => a < b), ("maximum", (b, a) => a < b), ("minLength", (b, a) => a > b), ("minimum", (b, a) => a > b) })
        {
            var b = released?[limit]?.GetValue<double>();
            var a = current?[limit]?.GetValue<double>();
            if ((b is null && a is not null) || (b is not null && a is not null && narrower(b.Value, a.Value)))
            {
                breaks.Add(new(BreakKind.NarrowedType, where, $"{limit} {b?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} became {a!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
            }
        }
    }

    /// <summary>A schema's type in one word: <c>integer/int64</c>, <c>ref:Course</c>, <c>array&lt;ref:Course&gt;</c>.</summary>
    private static string Signature(JsonNode? schema)
    {
        if (schema is null) return "none";
        if (schema["$ref"]?.GetValue<string>() is { } reference) return "ref:" + reference.Split('/')[^1];
        if (schema["allOf"] is JsonArray { Count: 1 } all) return Signature(all[0]);
        var type = schema["type"]?.GetValue<string>() ?? "any";
        return type == "array" ? $"array<{Signature(schema["items"])}>" : $"{type}/{schema["format"]?.GetValue<string>()}";
    }

    private static HashSet<string> Strings(JsonNode? array) =>
        [.. (array as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>()];

    /// <summary>The schemas reachable from request bodies and parameters, or from responses.</summary>
    private static HashSet<string> Reachable(JsonNode document, bool fromRequests)
    {
        var roots = new List<JsonNode?>();
        foreach (var (_, item) in document["paths"]?.AsObject() ?? [])
        {
            foreach (var (_, operation) in Operations(item))
            {
                if (fromRequests)
                {
                    roots.Add(operation["requestBody"]);
                    roots.Add(operation["parameters"]);
                }
                else
                {
                    roots.Add(operation["responses"]);
                }
            }
        }

        var schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode?>(roots);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["$ref"]?.GetValue<string>() is { } reference && seen.Add(reference.Split('/')[^1]) && schemas.TryGetPropertyValue(reference.Split('/')[^1], out var target))
                    {
                        pending.Push(target);
                    }

                    foreach (var (_, child) in o) pending.Push(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) pending.Push(child);
                    break;
            }
        }

        return seen;
    }
}
