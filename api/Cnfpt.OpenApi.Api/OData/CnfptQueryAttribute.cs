using Cnfpt.OpenApi.Api.Errors;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Query.Validator;
using Microsoft.OData;

namespace Cnfpt.OpenApi.Api.OData;

/// <summary>
/// <see cref="EnableQueryAttribute"/> with this API's limits (page size 100, <c>$top</c> ≤ 1000, bounded
/// expansion and expression size) and with every query error turned into a problem naming the query option
/// at fault. The base attribute would answer its own 400 with the exception type and stack trace.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class CnfptQueryAttribute : EnableQueryAttribute
{
    public const int DefaultPageSize = 100;
    public const int MaxTopValue = 1000;

    public CnfptQueryAttribute()
    {
        PageSize = DefaultPageSize;
        MaxTop = MaxTopValue;
        MaxExpansionDepth = 2;
        MaxNodeCount = 100;
        MaxAnyAllExpressionDepth = 2;
        MaxOrderByNodeCount = 5;
        // EF Core translates member access on a null navigation itself; OData's null checks only bloat SQL.
        HandleNullPropagation = HandleNullPropagationOption.False;
        AllowedQueryOptions = AllowedQueryOptions.Filter | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Select
            | AllowedQueryOptions.Expand | AllowedQueryOptions.Count | AllowedQueryOptions.Top | AllowedQueryOptions.Skip
            | AllowedQueryOptions.Search | AllowedQueryOptions.SkipToken | AllowedQueryOptions.Format;
    }

    public override void ValidateQuery(HttpRequest request, ODataQueryOptions queryOptions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(queryOptions);

        foreach (var key in request.Query.Keys)
        {
            if (key.StartsWith('$') && !queryOptions.IsSupportedQueryOption(key))
            {
                throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.UnknownQueryOption,
                    $"'{key}' is not an OData system query option. Supported: $filter, $orderby, $select, $expand, $count, $top, $skip, $search, $skiptoken.",
                    key);
            }
        }

        if (queryOptions.RawValues.Top is { } rawTop && int.TryParse(rawTop, out var top) && top > MaxTop)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.TopTooLarge,
                $"$top is {top}; the maximum is {MaxTop}. Ask for fewer rows and follow @odata.nextLink for the rest.", "$top");
        }

        // Validate option by option so that the problem names the one at fault.
        Check("$filter", () => queryOptions.Filter?.Validate(Settings));
        Check("$orderby", () => queryOptions.OrderBy?.Validate(Settings));
        Check("$select", () => queryOptions.SelectExpand?.Validate(Settings), queryOptions.RawValues.Select is null ? "$expand" : null);
        Check("$top", () => { _ = queryOptions.Top?.Value; queryOptions.Top?.Validate(Settings); });
        Check("$skip", () => { _ = queryOptions.Skip?.Value; queryOptions.Skip?.Validate(Settings); });
        Check("$count", () => { _ = queryOptions.Count?.Value; queryOptions.Count?.Validate(Settings); });
        Check("$search", () => _ = queryOptions.Search?.SearchClause);
        Check("$skiptoken", () => queryOptions.SkipToken?.Validate(Settings));
        Check("query", () => base.ValidateQuery(request, queryOptions));
    }

    public override IQueryable ApplyQuery(IQueryable queryable, ODataQueryOptions queryOptions)
    {
        try
        {
            return base.ApplyQuery(queryable, queryOptions);
        }
        catch (Exception e) when (IsQueryError(e))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.InvalidQuery, e.Message, "query", e);
        }
    }

    public override object ApplyQuery(object entity, ODataQueryOptions queryOptions)
    {
        try
        {
            return base.ApplyQuery(entity, queryOptions);
        }
        catch (Exception e) when (IsQueryError(e))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.InvalidQuery, e.Message, "query", e);
        }
    }

    // The limits above as validation settings, for validating one option at a time.
    private ODataValidationSettings Settings => _settings ??= new ODataValidationSettings
    {
        MaxTop = MaxTop,
        MaxExpansionDepth = MaxExpansionDepth,
        MaxNodeCount = MaxNodeCount,
        MaxAnyAllExpressionDepth = MaxAnyAllExpressionDepth,
        MaxOrderByNodeCount = MaxOrderByNodeCount,
        AllowedQueryOptions = AllowedQueryOptions,
    };

    private ODataValidationSettings? _settings;

    private static void Check(string option, Action validate, string? alternativeName = null)
    {
        try
        {
            validate();
        }
        catch (Exception e) when (IsQueryError(e))
        {
            var field = alternativeName ?? option;
            var code = e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("exceed", StringComparison.OrdinalIgnoreCase)
                ? ProblemCodes.QueryTooComplex
                : ProblemCodes.InvalidQuery;
            throw new ApiProblemException(StatusCodes.Status400BadRequest, code, $"{field}: {e.Message}", field, e);
        }
    }

    private static bool IsQueryError(Exception e) =>
        e is ODataException or ArgumentException or InvalidOperationException or NotSupportedException or NotImplementedException or FormatException;
}
