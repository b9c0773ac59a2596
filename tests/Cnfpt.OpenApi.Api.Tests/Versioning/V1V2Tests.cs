using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Versioning;

/// <summary>
/// v1 and v2 side by side on the same data: v1 keeps its shape (the whole existing suite runs on v1 and the committed
/// v1 contracts are checked), v2 has the changes of docs/migration-v1-v2.md, and everything else is the same answer.
/// </summary>
[Collection(CatalogueCollection.Name)]
public sealed class V1V2Tests(CatalogueFixture fixture)
{
    private static readonly XNamespace Edm = "http://docs.oasis-open.org/odata/ns/edm";

    [Fact]
    public async Task Sessions_V2Location_CarriesV1VenueAndCommune_AndTheCommuneFromTheDatabase()
    {
        var v1 = (await fixture.Client.GetAllPagesAsync("/v1/Sessions?$select=id,venue,communeCode&$orderby=id&$top=300")).Rows
            .ToDictionary(s => s.GetProperty("id").GetInt32());
        var v2 = (await fixture.Client.GetAllPagesAsync("/v2/Sessions?$select=id,location,modality,capacity,seatsTaken,seatsAvailable&$orderby=id&$top=300")).Rows;
        await using var db = fixture.NewDbContext();
        var communes = await db.Communes.ToDictionaryAsync(c => c.Code);

        Assert.Equal(300, v2.Count);
        foreach (var session in v2)
        {
            var id = session.GetProperty("id").GetInt32();
            var location = session.GetProperty("location");
            Assert.Equal(v1[id].GetProperty("venue").GetString(), location.GetProperty("venue").GetString());
            var code = location.GetProperty("communeCode").GetString()!;
            Assert.Equal(v1[id].GetProperty("communeCode").GetString(), code);
            Assert.Equal(communes[code].Name, location.GetProperty("communeName").GetString());
            Assert.Equal(communes[code].DepartementCode, location.GetProperty("departementCode").GetString());
            Assert.Equal(session.GetProperty("capacity").GetInt32() - session.GetProperty("seatsTaken").GetInt32(), session.GetProperty("seatsAvailable").GetInt32());
            Assert.False(session.TryGetProperty("venue", out _));
        }
    }

    [Fact]
    public async Task Sessions_V2Modality_IsTheCourseModality_WithClasseVirtuelleForDistanciel()
    {
        await using var db = fixture.NewDbContext();
        var expected = await db.Sessions.GroupBy(s => s.Course!.Modality).Select(g => new { Modality = g.Key, Count = g.Count() }).ToListAsync();

        foreach (var (modality, count) in expected.Select(e => (e.Modality, e.Count)))
        {
            var v2Name = modality == Modality.Distanciel ? "ClasseVirtuelle" : modality.ToString();
            var served = await fixture.Client.GetJsonAsync($"/v2/Sessions?$filter=modality eq '{v2Name}'&$count=true&$top=0");
            Assert.Equal(count, served.GetProperty("@odata.count").GetInt32());
        }

        Assert.Contains(expected, e => e.Modality == Modality.Distanciel); // else the test proves nothing about ClasseVirtuelle
        var none = await fixture.Client.GetJsonAsync("/v2/Sessions?$filter=modality eq 'Distanciel'&$count=true&$top=0");
        Assert.Equal(0, none.GetProperty("@odata.count").GetInt32());
    }

    [Fact]
    public async Task Sessions_V2FiltersAndSortsOnLocation_InSql_AsTheDatabaseCounts()
    {
        await using var db = fixture.NewDbContext();
        var departement = await db.Sessions.GroupBy(s => s.Commune!.DepartementCode).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        var expected = await db.Sessions.CountAsync(s => s.Commune!.DepartementCode == departement && s.Capacity > s.SeatsTaken);

        var served = await fixture.Client.GetJsonAsync($"/v2/Sessions?$filter=location/departementCode eq '{departement}' and seatsAvailable gt 0&$count=true&$orderby=location/communeName,id&$top=5");

        Assert.Equal(expected, served.GetProperty("@odata.count").GetInt32());
        var names = served.Values().Select(s => s.GetProperty("location").GetProperty("communeName").GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task Sessions_V2_SearchAndExpand_WorkAsInV1()
    {
        var v1 = await fixture.Client.GetJsonAsync("/v1/Sessions?$search=securite&$count=true&$top=3&$orderby=id&$expand=course($select=title)&$select=id");
        var v2 = await fixture.Client.GetJsonAsync("/v2/Sessions?$search=securite&$count=true&$top=3&$orderby=id&$expand=course($select=title)&$select=id");

        Assert.True(v1.GetProperty("@odata.count").GetInt32() > 0);
        Assert.Equal(v1.GetProperty("@odata.count").GetInt32(), v2.GetProperty("@odata.count").GetInt32());
        Assert.Equal(Titles(v1), Titles(v2));

        static List<string> Titles(JsonElement page) => [.. page.Values().Select(s => s.GetProperty("course").GetProperty("title").GetString()!)];
    }

    [Theory]
    [InlineData("/v1/Sessions?$filter=location/venue eq 'x'", "location")]
    [InlineData("/v1/Sessions?$select=seatsAvailable", "seatsAvailable")]
    [InlineData("/v1/Sessions?$filter=course/modality eq 'ClasseVirtuelle'", "ClasseVirtuelle")]
    [InlineData("/v2/Sessions?$filter=venue eq 'x'", "venue")]
    [InlineData("/v2/Sessions?$select=communeCode", "communeCode")]
    public async Task EachVersion_RefusesTheOtherVersionsShape_Naming(string url, string named)
    {
        using var response = await fixture.Client.GetAsync(new Uri(url, UriKind.Relative));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-query");
        Assert.Contains(named, problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NavigationsToSessions_AreInV1Only()
    {
        var v1 = await fixture.Client.GetJsonAsync("/v1/Courses(1)/sessions?$count=true");
        await using var db = fixture.NewDbContext();
        Assert.Equal(await db.Sessions.CountAsync(s => s.CourseId == 1), v1.GetProperty("@odata.count").GetInt32());

        using var v2 = await fixture.Client.GetAsync(new Uri("/v2/Courses(1)/sessions", UriKind.Relative));
        await v2.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var filtered = await fixture.Client.GetJsonAsync("/v2/Sessions?$filter=courseId eq 1&$count=true");
        Assert.Equal(v1.GetProperty("@odata.count").GetInt32(), filtered.GetProperty("@odata.count").GetInt32());
    }

    [Theory]
    [InlineData("/{0}/Courses?$orderby=id&$top=20&$expand=theme")]
    [InlineData("/{0}/Themes(3)?$expand=domain")]
    [InlineData("/{0}/Communes('59350')")]
    [InlineData("/{0}/Delegations?$orderby=id&$select=id,name,kind")]
    [InlineData("/{0}/Statistics?$filter=table eq 'year-region'&$orderby=id&$top=50")]
    public async Task SharedEntitySets_AnswerTheSameInBothVersions(string template)
    {
        var v1 = await fixture.Client.GetJsonAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "v1"));
        var v2 = await fixture.Client.GetJsonAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "v2"));

        Assert.Equal(v1.GetProperty("@odata.context").GetString()!.Replace("/v1/", "/v2/", StringComparison.Ordinal), v2.GetProperty("@odata.context").GetString());
        Assert.Equal(Without(v1, "@odata.context"), Without(v2, "@odata.context"));
    }

    [Fact]
    public async Task Metadata_V1HasNoV2Member_V2HasTheLocationType()
    {
        var v1 = XDocument.Parse(await fixture.Client.GetStringAsync(new Uri("/v1/$metadata", UriKind.Relative)));
        var v2 = XDocument.Parse(await fixture.Client.GetStringAsync(new Uri("/v2/$metadata", UriKind.Relative)));

        Assert.Equal(["Presentiel", "Distanciel", "ELearning", "Hybride"], Members(v1, "Modality"));
        Assert.Equal(["Presentiel", "Distanciel", "ELearning", "Hybride", "ClasseVirtuelle"], Members(v2, "Modality"));
        // v2's Location never leaks into v1 (v1 has complex types of its own since attestations: action results).
        Assert.DoesNotContain(v1.Descendants(Edm + "ComplexType"), t => (string?)t.Attribute("Name") == "Location");
        Assert.Equal(["venue", "communeCode", "communeName", "departementCode"],
            v2.Descendants(Edm + "ComplexType").Single(t => (string?)t.Attribute("Name") == "Location").Elements(Edm + "Property").Select(p => (string?)p.Attribute("Name")));
        // One Session type per version: v2's replaces v1's, it is not added next to it.
        Assert.Single(v2.Descendants(Edm + "EntityType"), t => (string?)t.Attribute("Name") == "Session");
        Assert.Equal("Cnfpt.OpenApi.V2", (string?)v2.Descendants(Edm + "Schema").Single().Attribute("Namespace"));

        static IEnumerable<string?> Members(XDocument csdl, string name) =>
            csdl.Descendants(Edm + "EnumType").Single(t => (string?)t.Attribute("Name") == name).Elements(Edm + "Member").Select(m => (string?)m.Attribute("Name"));
    }

    private static string Without(JsonElement page, string property) =>
        JsonSerializer.Serialize(page.EnumerateObject().Where(p => p.Name != property).ToDictionary(p => p.Name, p => p.Value));
}
