using System.Linq.Expressions;
using System.Reflection;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.OData.UriParser;

namespace Cnfpt.OpenApi.Api.OData;

/// <summary>
/// <c>$search</c> over course codes, titles and descriptions, accent- and case-insensitive. Terms are folded
/// the way <see cref="Course.SearchText"/> is, so "securite" finds "Sécurité" with a plain SQL LIKE on both
/// providers. Supports AND (implicit), OR, NOT and quoted phrases. On Sessions it searches their course.
/// </summary>
internal sealed class CatalogueSearchBinder : ISearchBinder
{
    private static readonly MethodInfo Contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;

    public Expression BindSearch(SearchClause searchClause, QueryBinderContext context)
    {
        ArgumentNullException.ThrowIfNull(searchClause);
        ArgumentNullException.ThrowIfNull(context);
        var parameter = Expression.Parameter(context.ElementClrType, "$it");
        Expression text = context.ElementClrType == typeof(Course)
            ? Expression.Property(parameter, nameof(Course.SearchText))
            : context.ElementClrType == typeof(Session) || context.ElementClrType == typeof(Catalogue.V2.SessionV2)
                ? Expression.Property(Expression.Property(parameter, nameof(Session.Course)), nameof(Course.SearchText))
                : throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.InvalidQuery,
                    "$search is available on Courses and Sessions only; use $filter on other entity sets.", "$search");

        return Expression.Lambda(Bind(searchClause.Expression, text), parameter);
    }

    private static Expression Bind(SingleValueNode node, Expression text) => node switch
    {
        SearchTermNode term => Expression.Call(text, Contains, Parameterised(SearchText.Fold(term.Text))),
        BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and => Expression.AndAlso(Bind(and.Left, text), Bind(and.Right, text)),
        BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or => Expression.OrElse(Bind(or.Left, text), Bind(or.Right, text)),
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not => Expression.Not(Bind(not.Operand, text)),
        _ => throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.InvalidQuery,
            "Unsupported $search expression: use words, \"quoted phrases\", AND, OR, NOT.", "$search"),
    };

    // A closure member rather than a constant, so that EF sends a SQL parameter and reuses its query plan.
    private static MemberExpression Parameterised(string value) =>
        Expression.Property(Expression.Constant(new Holder(value)), nameof(Holder.Value));

    private sealed record Holder(string Value);
}
