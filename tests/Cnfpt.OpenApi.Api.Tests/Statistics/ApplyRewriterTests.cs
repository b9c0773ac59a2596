using Cnfpt.OpenApi.Api.Statistics;

namespace Cnfpt.OpenApi.Api.Tests.Statistics;

/// <summary>The <c>$apply</c> rewrite that makes every rollup count the suppressed cells it covers.</summary>
public sealed class ApplyRewriterTests
{
    private const string Count = "suppressedCells with sum as suppressedCells";

    [Theory]
    [InlineData("groupby((year),aggregate(enrolments with sum as e))", "groupby((year),aggregate(" + Count + ",enrolments with sum as e))")]
    [InlineData("groupby((year,regionCode))", "groupby((year,regionCode),aggregate(" + Count + "))")]
    [InlineData("filter(table eq 'cube')/aggregate($count as n)", "filter(table eq 'cube')/aggregate(" + Count + ",$count as n)")]
    [InlineData("filter(domainCode eq 'groupby(x)')", "filter(domainCode eq 'groupby(x)')")]
    [InlineData("filter(domainCode eq 'it''s aggregate(')/groupby((year))", "filter(domainCode eq 'it''s aggregate(')/groupby((year),aggregate(" + Count + "))")]
    [InlineData("groupby((year,regionCode),aggregate(enrolments with sum as e))/groupby((year),aggregate(e with sum as t))",
        "groupby((year,regionCode),aggregate(" + Count + ",enrolments with sum as e))/groupby((year),aggregate(" + Count + ",e with sum as t))")]
    public void EveryAggregation_CountsSuppressedCells_AndStringLiteralsAreLeftAlone(string apply, string expected)
    {
        Assert.Equal(expected, ApplyRewriter.CountSuppressed(apply));
    }

    [Fact]
    public void Rewrite_IsIdempotent_SoNextLinksKeepWorking()
    {
        var once = ApplyRewriter.CountSuppressed("filter(table eq 'cube')/groupby((year),aggregate(enrolments with sum as e))");
        Assert.Equal(once, ApplyRewriter.CountSuppressed(once));
    }
}
