using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>Comparison operators of <c>$filter</c>.</summary>
public enum ODataOperator
{
    /// <summary><c>eq</c></summary>
    Eq,

    /// <summary><c>ne</c></summary>
    Ne,

    /// <summary><c>gt</c></summary>
    Gt,

    /// <summary><c>ge</c></summary>
    Ge,

    /// <summary><c>lt</c></summary>
    Lt,

    /// <summary><c>le</c></summary>
    Le,
}

/// <summary>
/// OData query options for a collection of <typeparamref name="T"/>, built from the model's properties (their wire
/// names come from the generated <c>JsonPropertyName</c>) and literals escaped by <see cref="ODataLiteral"/>.
/// Several <c>Where</c> calls are combined with <c>and</c>.
/// </summary>
/// <typeparam name="T">A generated model type (Course, Session, Agent…).</typeparam>
public sealed class ODataQuery<T>
{
    private readonly List<string> _filters = [];
    private readonly List<string> _select = [];
    private readonly List<string> _expand = [];
    private readonly List<string> _orderBy = [];

    /// <summary>The <c>$filter</c> built so far, or null.</summary>
    public string? Filter => _filters.Count == 0 ? null : string.Join(" and ", _filters);

    /// <summary>The <c>$select</c>, or null.</summary>
    public string? SelectClause => _select.Count == 0 ? null : string.Join(",", _select);

    /// <summary>The <c>$expand</c>, or null.</summary>
    public string? ExpandClause => _expand.Count == 0 ? null : string.Join(",", _expand);

    /// <summary>The <c>$orderby</c>, or null.</summary>
    public string? OrderByClause => _orderBy.Count == 0 ? null : string.Join(",", _orderBy);

    /// <summary>The <c>$top</c>, or null.</summary>
    public int? TopCount { get; private set; }

    /// <summary>The <c>$search</c>, or null.</summary>
    public string? SearchText { get; private set; }

    /// <summary>Keeps rows whose property compares to a value: <c>Where(s => s.StartDate, ODataOperator.Ge, new DateOnly(2026, 10, 1))</c>.</summary>
    /// <param name="property">The property, as a lambda.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="value">The value, formatted by <see cref="ODataLiteral.Format"/>.</param>
    /// <returns>This query.</returns>
    public ODataQuery<T> Where(Expression<Func<T, object?>> property, ODataOperator op, object? value)
    {
        _filters.Add($"{PathOf(property)} {Keyword(op)} {ODataLiteral.Format(value)}");
        return this;
    }

    /// <summary>Keeps rows whose property equals a value.</summary>
    /// <param name="property">The property, as a lambda.</param>
    /// <param name="value">The value.</param>
    /// <returns>This query.</returns>
    public ODataQuery<T> Where(Expression<Func<T, object?>> property, object? value) => Where(property, ODataOperator.Eq, value);

    /// <summary>Keeps rows whose property is one of the values (<c>in (…)</c>).</summary>
    /// <param name="property">The property, as a lambda.</param>
    /// <param name="values">The values.</param>
    /// <returns>This query.</returns>
    public ODataQuery<T> WhereIn<TValue>(Expression<Func<T, object?>> property, IEnumerable<TValue> values)
    {
        _filters.Add($"{PathOf(property)} in ({string.Join(",", values.Select(v => ODataLiteral.Format(v)))})");
        return this;
    }

    /// <summary>Keeps rows whose text property contains <paramref name="text"/> (<c>contains(…)</c>).</summary>
    /// <param name="property">The property, as a lambda.</param>
    /// <param name="text">The text.</param>
    /// <returns>This query.</returns>
    public ODataQuery<T> WhereContains(Expression<Func<T, object?>> property, string text)
    {
        _filters.Add($"contains({PathOf(property)},{ODataLiteral.Format(text)})");
        return this;
    }

    /// <summary>Adds a raw <c>$filter</c> expression (combined with <c>and</c>): format its literals with <see cref="ODataLiteral.Format"/>.</summary>
    /// <param name="expression">The expression.</param>
    /// <returns>This query.</returns>
    public ODataQuery<T> Where(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        _filters.Add("(" + expression + ")");
        return this;
    }

    /// <summary>Returns only these properties.</summary>
    /// <param name="properties">The properties, as lambdas.</param>
    /// <returns>This query.</returns>
    public ODataQuery<T> Select(params Expression<Func<T, object?>>[] properties)
    {
        _select.AddRange(properties.Select(PathOf));
        return this;
    }

    /// <summary>Embeds a navigation property, optionally with nested options such as <c>$select=title</c>.</summary>
    /// <param name="navigation">The navigation property, as a lambda.</param>
    /// <param name="nestedOptions">Nested query options, or null.</param>
    /// <returns>This query.</returns>
    public ODataQuery<T> Expand(Expression<Func<T, object?>> navigation, string? nestedOptions = null)
    {
        _expand.Add(nestedOptions is null ? PathOf(navigation) : $"{PathOf(navigation)}({nestedOptions})");
        return this;
    }

    /// <summary>Sorts by a property (then by the next one given).</summary>
    /// <param name="property">The property, as a lambda.</param>
    /// <param name="descending">True for descending order.</param>
    /// <returns>This query.</returns>
    public ODataQuery<T> OrderBy(Expression<Func<T, object?>> property, bool descending = false)
    {
        _orderBy.Add(descending ? PathOf(property) + " desc" : PathOf(property));
        return this;
    }

    /// <summary>Asks for at most <paramref name="count"/> rows in all (still served in pages).</summary>
    /// <param name="count">The number of rows.</param>
    /// <returns>This query.</returns>
    public ODataQuery<T> Top(int count)
    {
        TopCount = count;
        return this;
    }

    /// <summary>Free-text <c>$search</c> (courses and sessions).</summary>
    /// <param name="text">Words to find.</param>
    /// <returns>This query.</returns>
    public ODataQuery<T> Search(string text)
    {
        SearchText = text;
        return this;
    }

    /// <summary>The query string (without <c>?</c>), each value URL-encoded.</summary>
    /// <returns>The query string.</returns>
    public override string ToString()
    {
        var query = new StringBuilder();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        Add("$filter", Filter);
        Add("$select", SelectClause);
        Add("$expand", ExpandClause);
        Add("$orderby", OrderByClause);
        Add("$top", TopCount?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("$search", SearchText);
        return query.ToString();
    }

    private static string Keyword(ODataOperator op) => op switch
    {
        ODataOperator.Eq => "eq",
        ODataOperator.Ne => "ne",
        ODataOperator.Gt => "gt",
        ODataOperator.Ge => "ge",
        ODataOperator.Lt => "lt",
        ODataOperator.Le => "le",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>The wire path of a property lambda: <c>s => s.Course.Title</c> gives <c>course/title</c>.</summary>
    private static string PathOf(Expression<Func<T, object?>> property)
    {
        var body = property.Body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert ? convert.Operand : property.Body;
        var names = new Stack<string>();
        while (body is MemberExpression member)
        {
            names.Push(member.Member.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? member.Member.Name);
            body = member.Expression!;
        }

        if (body is not ParameterExpression || names.Count == 0)
        {
            throw new ArgumentException($"Expected a property of {typeof(T).Name}, such as x => x.Name; got {property}.", nameof(property));
        }

        return string.Join("/", names);
    }
}
