using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.Catalogue;

/// <summary>Queries run in PostgreSQL: no table is read whole and filtered in memory.</summary>
[Collection(CatalogueCollection.Name)]
public sealed class SqlTranslationTests(CatalogueFixture fixture)
{
    [Fact]
    public async Task SessionFilterExpandAndTop_AreOneSqlQueryWithWhereJoinAndLimit()
    {
        fixture.Api.Sql.Clear();

        var page = await fixture.Client.GetJsonAsync("/v1/Sessions?$filter=capacity ge 20 and status eq 'OpenForEnrolment'&$expand=course&$top=7");

        Assert.Equal(7, page.Values().Count());
        var sql = Assert.Single(fixture.Api.Sql.Commands);
        Assert.Contains("FROM sessions", sql, StringComparison.Ordinal);
        Assert.Matches(@"WHERE .*capacity\s*>=", sql);
        Assert.Contains("status", sql, StringComparison.Ordinal);
        Assert.Contains("JOIN courses", sql, StringComparison.Ordinal);
        Assert.Contains("LIMIT", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("startDate ge 2026-10-01", ">=")]
    [InlineData("startDate lt 2026-10-01", "<")]
    [InlineData("endDate eq 2026-10-02", "=")]
    public async Task DateFilters_CompareTheColumn_SoThatItsIndexServes(string filter, string op)
    {
        fixture.Api.Sql.Clear();

        await fixture.Client.GetJsonAsync($"/v1/Sessions?$filter={filter}&$top=1");

        var sql = Assert.Single(fixture.Api.Sql.Commands);
        Assert.DoesNotContain("date_part", sql, StringComparison.Ordinal);
        Assert.Matches($@"s\.(start|end)_date {op} @", sql);
    }

    [Fact]
    public async Task Search_IsALikeInSql()
    {
        fixture.Api.Sql.Clear();

        await fixture.Client.GetJsonAsync("/v1/Courses?$search=budget&$top=5");

        var sql = Assert.Single(fixture.Api.Sql.Commands);
        Assert.Matches("search_text (I?LIKE|.*strpos)", sql);
    }

    [Fact]
    public async Task CountWithPaging_UsesSqlCount()
    {
        fixture.Api.Sql.Clear();

        await fixture.Client.GetJsonAsync("/v1/Sessions?$filter=capacity ge 20&$count=true&$top=1");

        Assert.Contains(fixture.Api.Sql.Commands, c => c.Contains("count(*)", StringComparison.OrdinalIgnoreCase));
        Assert.All(fixture.Api.Sql.Commands, c => Assert.Contains("WHERE", c, StringComparison.Ordinal));
    }
}
