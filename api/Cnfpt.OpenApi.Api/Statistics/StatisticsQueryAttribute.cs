using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.OData;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.OData;
using Microsoft.OData.UriParser.Aggregation;

namespace Cnfpt.OpenApi.Api.Statistics;

/// <summary>
/// The query options of the statistics: those of the catalogue plus <c>$apply</c> (only <c>filter</c>,
/// <c>groupby</c> and <c>aggregate</c>) and <c>$format</c>. Every error is a problem naming the option.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StatisticsQueryAttribute : EnableQueryAttribute
{
    public StatisticsQueryAttribute()
    {
        PageSize = CnfptQueryAttribute.MaxTopValue;
        MaxTop = CnfptQueryAttribute.MaxTopValue;
        MaxNodeCount = 200;
        MaxOrderByNodeCount = 8;
        HandleNullPropagation = HandleNullPropagationOption.False;
        AllowedQueryOptions = AllowedQueryOptions.Filter | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Select
            | AllowedQueryOptions.Count | AllowedQueryOptions.Top | AllowedQueryOptions.Skip | AllowedQueryOptions.Apply
            | AllowedQueryOptions.Format | AllowedQueryOptions.SkipToken;
    }

    public override void ValidateQuery(HttpRequest request, ODataQueryOptions queryOptions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(queryOptions);
        foreach (var key in request.Query.Keys)
        {
            if (key.StartsWith('$') && !queryOptions.IsSupportedQueryOption(key))
            {
                throw Problem(ProblemCodes.UnknownQueryOption, $"'{key}' is not an OData system query option.", key);
            }
        }

        if (queryOptions.RawValues.Top is { } rawTop && int.TryParse(rawTop, out var top) && top > MaxTop)
        {
            throw Problem(ProblemCodes.TopTooLarge, $"$top is {top}; the maximum is {MaxTop}.", "$top");
        }

        try
        {
            if (queryOptions.Apply?.ApplyClause is { } apply)
            {
                foreach (var transformation in apply.Transformations)
                {
                    if (transformation.Kind is not (TransformationNodeKind.Filter or TransformationNodeKind.GroupBy or TransformationNodeKind.Aggregate))
                    {
                        throw Problem(ProblemCodes.InvalidQuery, $"$apply: only filter, groupby and aggregate are allowed on statistics, not {transformation.Kind}.", "$apply");
                    }
                }
            }

            base.ValidateQuery(request, queryOptions);
        }
        catch (Exception e) when (e is ODataException or ArgumentException or InvalidOperationException or NotSupportedException or NotImplementedException or FormatException)
        {
            throw Problem(ProblemCodes.InvalidQuery, e.Message, "query", e);
        }
    }

    public override IQueryable ApplyQuery(IQueryable queryable, ODataQueryOptions queryOptions)
    {
        try
        {
            return base.ApplyQuery(queryable, queryOptions);
        }
        catch (Exception e) when (e is ODataException or ArgumentException or InvalidOperationException or NotSupportedException or NotImplementedException or FormatException)
        {
            throw Problem(ProblemCodes.InvalidQuery, e.Message, "query", e);
        }
    }

    private static ApiProblemException Problem(string code, string detail, string field, Exception? inner = null) =>
        new(StatusCodes.Status400BadRequest, code, detail, field, inner);
}
