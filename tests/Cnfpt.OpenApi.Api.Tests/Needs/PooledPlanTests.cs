using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Domain;
using CsvHelper;
using UglyToad.PdfPig;

namespace Cnfpt.OpenApi.Api.Tests.Needs;

/// <summary>The pooled plan of a périmètre: who sees it, whose names it shows, what it costs, and its exports.</summary>
[Collection(NeedsCollection.Name)]
public sealed class PooledPlanTests(NeedsFixture fixture)
{
    [Fact]
    public async Task EachCollectivite_SeesOnlyItsOwnNamedAgents_TheCoordinatorSeesOthersAsCounts()
    {
        var course = await fixture.NewCourseAsync(15);
        var memberAgents = await fixture.NewAgentsAsync(NeedsFixture.Member, 3, "Quarante-et-un");
        var vendorAgents = await fixture.NewAgentsAsync(NeedsFixture.VendorMember, 2, "Quarante-deux");
        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        using var vendor = await fixture.ClientAsync(NeedsFixture.Vendor);
        using var coordinator = await fixture.ClientAsync(NeedsFixture.CoordinatorIt);
        using var backOffice = await fixture.ClientAsync(NeedsFixture.BackOffice);
        await SubmitNamedAsync(member, NeedsFixture.Member, course.Id, memberAgents);
        await SubmitNamedAsync(vendor, NeedsFixture.VendorMember, course.Id, vendorAgents);
        await NeedsFixture.NeedAsync(coordinator, NeedsFixture.Coordinator, course.Id, 4);

        var url = $"/v1/Perimetres({fixture.PerimetreId})/Plan(year={NeedsFixture.Year})";
        // Every viewer sees the same counts per collectivité: 3, 2 and 4, for a demand of 9.
        var views = new Dictionary<string, JsonElement>
        {
            ["member"] = LineOf(await member.GetJsonAsync(url), course.Code),
            ["vendor"] = LineOf(await vendor.GetJsonAsync(url), course.Code),
            ["coordinator"] = LineOf(await coordinator.GetJsonAsync(url), course.Code),
            ["back office"] = LineOf(await backOffice.GetJsonAsync(url), course.Code),
        };
        foreach (var (viewer, line) in views)
        {
            Assert.True(line.GetProperty("demand").GetInt32() == 9, viewer);
            Assert.Equal(new Dictionary<int, int> { [NeedsFixture.Coordinator] = 4, [NeedsFixture.Member] = 3, [NeedsFixture.VendorMember] = 2 }, Counts(line));
        }

        // Names: each collectivité its own; the coordinator none of the others'; the back office all.
        Assert.Equal(Names(memberAgents), NamesIn(views["member"]));
        Assert.Equal(Names(vendorAgents), NamesIn(views["vendor"]));
        Assert.Empty(NamesIn(views["coordinator"]));
        Assert.Equal(Names(memberAgents).Concat(Names(vendorAgents)).Order(), NamesIn(views["back office"]).Order());
        using var raw = await coordinator.GetAsync(new Uri(url, UriKind.Relative));
        var text = await raw.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Quarante", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APerimetre_IsInvisibleToCollectivitesOutsideIt()
    {
        using var outsider = await fixture.ClientAsync(NeedsFixture.OutsiderIt);
        using var plan = await outsider.GetAsync(new Uri($"/v1/Perimetres({fixture.PerimetreId})/Plan(year={NeedsFixture.Year})", UriKind.Relative));
        await plan.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var list = await outsider.GetJsonAsync("/v1/Perimetres");
        Assert.Empty(list.Values());

        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        var visible = (await member.GetJsonAsync("/v1/Perimetres")).Values().Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal([fixture.PerimetreId], visible);
    }

    [Fact]
    public async Task APaidCourse_ShowsItsCostInThePlan_AndTheExportsMatchTheJson()
    {
        var course = await fixture.NewCourseAsync(15, PaidReason.Caces, 450m);
        var agents = await fixture.NewAgentsAsync(NeedsFixture.Member, 2, "Cariste");
        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        using var coordinator = await fixture.ClientAsync(NeedsFixture.CoordinatorIt);
        await SubmitNamedAsync(member, NeedsFixture.Member, course.Id, agents);
        await NeedsFixture.NeedAsync(coordinator, NeedsFixture.Coordinator, course.Id, 5);

        var line = LineOf(await member.GetJsonAsync($"/v1/Perimetres({fixture.PerimetreId})/Plan(year={NeedsFixture.Year})"), course.Code);
        Assert.Equal("Caces", line.GetProperty("paidReason").GetString());
        Assert.Equal(450m, line.GetProperty("pricePerTrainee").GetDecimal());
        Assert.Equal(450m * 7, line.GetProperty("estimatedCost").GetDecimal());

        using var csvResponse = await member.GetAsync(new Uri($"/v1/Perimetres({fixture.PerimetreId})/PlanCsv(year={NeedsFixture.Year})", UriKind.Relative));
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var csvText = Encoding.UTF8.GetString(await csvResponse.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        using var reader = CsvReader.FromText(csvText);
        var header = reader.Headers.ToList();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }

        var ours = rows.Where(r => r[header.IndexOf("courseCode")] == course.Code).ToList();
        Assert.Equal(2, ours.Count);
        var mine = Assert.Single(ours, r => r[header.IndexOf("collectiviteId")] == NeedsFixture.Member.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("3150", mine[header.IndexOf("estimatedCost")].Split('.')[0]);
        Assert.Equal("Cariste Agent0; Cariste Agent1", mine[header.IndexOf("namedAgents")]);
        var theirs = Assert.Single(ours, r => r[header.IndexOf("collectiviteId")] == NeedsFixture.Coordinator.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(("5", ""), (theirs[header.IndexOf("collectiviteAgents")], theirs[header.IndexOf("namedAgents")]));

        using var pdfResponse = await member.GetAsync(new Uri($"/v1/Perimetres({fixture.PerimetreId})/PlanPdf(year={NeedsFixture.Year})", UriKind.Relative));
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfDocument.Open(await pdfResponse.Content.ReadAsByteArrayAsync());
        var words = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains(course.Code, words, StringComparison.Ordinal);
        Assert.Contains("7 / 15 agents", words, StringComparison.Ordinal);
        Assert.Contains("3 150,00 €", words, StringComparison.Ordinal);
        Assert.Contains("Plan de formation mutualisé", words, StringComparison.Ordinal);
    }

    private static async Task SubmitNamedAsync(HttpClient client, int collectivite, int courseId, IEnumerable<Agent> agents)
    {
        var (response, body) = await NeedsFixture.SubmitAsync(client, new { collectiviteId = collectivite, year = NeedsFixture.Year, courseId, agentIds = agents.Select(a => a.Id).ToArray() });
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
    }

    private static JsonElement LineOf(JsonElement plan, string courseCode) =>
        Assert.Single(plan.Values(), l => l.GetProperty("courseCode").GetString() == courseCode);

    private static Dictionary<int, int> Counts(JsonElement line) =>
        line.GetProperty("collectivites").EnumerateArray().ToDictionary(c => c.GetProperty("collectiviteId").GetInt32(), c => c.GetProperty("agentCount").GetInt32());

    private static List<string> NamesIn(JsonElement line) =>
        [.. line.GetProperty("collectivites").EnumerateArray().SelectMany(c => c.GetProperty("agents").EnumerateArray())
            .Select(a => $"{a.GetProperty("lastName").GetString()} {a.GetProperty("firstName").GetString()}")];

    private static List<string> Names(IEnumerable<Agent> agents) => [.. agents.Select(a => $"{a.LastName} {a.FirstName}")];
}
