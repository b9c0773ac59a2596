using System.Linq.Expressions;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace Cnfpt.OpenApi.Api.OData;

/// <summary>
/// Compares <c>Edm.Date</c> values as <see cref="DateOnly"/>s. OData's default binder turns
/// <c>startDate ge 2026-09-01</c> into <c>year*10000 + month*100 + day &gt;= 20260901</c> (made for DateTime
/// columns), which PostgreSQL cannot answer from the index on start_date; a plain comparison of DateOnly
/// values translates to <c>start_date &gt;= @p</c> on both providers.
/// </summary>
internal sealed class DateOnlyFilterBinder : FilterBinder
{
    public override Expression BindBinaryOperatorNode(BinaryOperatorNode binaryOperatorNode, QueryBinderContext context)
    {
        ArgumentNullException.ThrowIfNull(binaryOperatorNode);
        if (Comparison(binaryOperatorNode.OperatorKind) is { } kind
            && binaryOperatorNode.Left.TypeReference?.IsDate() == true
            && binaryOperatorNode.Right.TypeReference?.IsDate() == true)
        {
            var left = AsDateOnly(Bind(binaryOperatorNode.Left, context));
            var right = AsDateOnly(Bind(binaryOperatorNode.Right, context));
            if (left is not null && right is not null)
            {
                // Lift both sides to DateOnly? when one is nullable, as C# does.
                if (left.Type != right.Type)
                {
                    left = Expression.Convert(left, typeof(DateOnly?));
                    right = Expression.Convert(right, typeof(DateOnly?));
                }

                return Expression.MakeBinary(kind, left, right);
            }
        }

        return base.BindBinaryOperatorNode(binaryOperatorNode, context);
    }

    private static ExpressionType? Comparison(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Equal => ExpressionType.Equal,
        BinaryOperatorKind.NotEqual => ExpressionType.NotEqual,
        BinaryOperatorKind.GreaterThan => ExpressionType.GreaterThan,
        BinaryOperatorKind.GreaterThanOrEqual => ExpressionType.GreaterThanOrEqual,
        BinaryOperatorKind.LessThan => ExpressionType.LessThan,
        BinaryOperatorKind.LessThanOrEqual => ExpressionType.LessThanOrEqual,
        _ => null,
    };

    /// <summary>The expression as DateOnly: properties already are; literals arrive as ODL <c>Date</c> values.</summary>
    private static Expression? AsDateOnly(Expression expression)
    {
        if (expression.Type == typeof(DateOnly) || expression.Type == typeof(DateOnly?))
        {
            return expression;
        }

#pragma warning disable CS0618 // ODL 8 still hands Edm.Date literals over as Microsoft.OData.Edm.Date.
        if (expression.Type == typeof(Date) && !DependsOnParameter(expression))
        {
            var date = (Date)Evaluate(expression)!;
#pragma warning restore CS0618
            // Through a closure member so that EF sends a parameter, like OData's own literals.
            return Expression.Property(Expression.Constant(new Holder(new DateOnly(date.Year, date.Month, date.Day))), nameof(Holder.Value));
        }

        return null;
    }

    /// <summary>
    /// The value of a literal: OData hands it over as a constant or as a member of its parameter container.
    /// Read by reflection rather than by compiling a lambda, which would JIT a method on every request.
    /// </summary>
    private static object? Evaluate(Expression expression) => expression switch
    {
        ConstantExpression constant => constant.Value,
        MemberExpression { Member: System.Reflection.PropertyInfo property } member => property.GetValue(member.Expression is null ? null : Evaluate(member.Expression)),
        MemberExpression { Member: System.Reflection.FieldInfo field } member => field.GetValue(member.Expression is null ? null : Evaluate(member.Expression)),
        _ => Expression.Lambda(expression).Compile(preferInterpretation: true).DynamicInvoke(),
    };

    private static bool DependsOnParameter(Expression expression)
    {
        var finder = new ParameterFinder();
        finder.Visit(expression);
        return finder.Found;
    }

    private sealed record Holder(DateOnly Value);

    private sealed class ParameterFinder : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found = true;
            return node;
        }
    }
}
