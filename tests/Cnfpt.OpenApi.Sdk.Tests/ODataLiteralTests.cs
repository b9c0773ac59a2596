namespace Cnfpt.OpenApi.Sdk.Tests;

public sealed class ODataLiteralTests
{
    [Theory]
    [InlineData("L'Haÿ-les-Roses", "'L''Haÿ-les-Roses'")]
    [InlineData("''", "''''''")]
    [InlineData("", "''")]
    public void Strings_AreQuoted_WithInnerQuotesDoubled(string value, string expected) => Assert.Equal(expected, ODataLiteral.Format(value));

    [Fact]
    public void DatesEnumsAndNumbers_UseTheWireForms()
    {
        Assert.Equal("2026-10-01", ODataLiteral.Format(new DateOnly(2026, 10, 1)));
        Assert.Equal("2026-10-01T08:30:00Z", ODataLiteral.Format(new DateTimeOffset(2026, 10, 1, 10, 30, 0, TimeSpan.FromHours(2))));
        Assert.Equal("'OpenForEnrolment'", ODataLiteral.Format(SessionStatus.OpenForEnrolment));
        Assert.Equal("1234.5", ODataLiteral.Format(1234.5m));
        Assert.Equal("null", ODataLiteral.Format(null));
        Assert.Equal("true", ODataLiteral.Format(true));
    }

    [Fact]
    public void Query_UsesWireNames_AndEncodesEachValue()
    {
        var query = new ODataQuery<Session>()
            .Where(s => s.Status, SessionStatus.OpenForEnrolment)
            .Where(s => s.StartDate, ODataOperator.Ge, new DateOnly(2026, 12, 1))
            .WhereContains(s => s.Course.Title, "d'accueil")
            .Select(s => s.Id, s => s.StartDate)
            .Expand(s => s.Course, "$select=title")
            .OrderBy(s => s.StartDate, descending: true);

        Assert.Equal("status eq 'OpenForEnrolment' and startDate ge 2026-12-01 and contains(course/title,'d''accueil')", query.Filter);
        Assert.Equal("id,startDate", query.SelectClause);
        Assert.Equal("course($select=title)", query.ExpandClause);
        Assert.Equal("startDate desc", query.OrderByClause);
        Assert.StartsWith("$filter=status%20eq%20%27OpenForEnrolment%27%20and%20startDate%20ge%202026-12-01", query.ToString(), StringComparison.Ordinal);
    }
}
