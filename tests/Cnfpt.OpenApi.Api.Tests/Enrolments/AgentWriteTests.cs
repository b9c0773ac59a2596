using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Enrolments;

/// <summary>An HR suite creates, updates and upserts agents by its own reference, with ETags.</summary>
[Collection(EnrolmentCollection.Name)]
public sealed class AgentWriteTests(EnrolmentFixture fixture)
{
    private static object Agent(string reference, int collectivite = EnrolmentFixture.Collectivite, string lastName = "Durand") => new
    {
        collectiviteId = collectivite, employerReference = reference, lastName, firstName = "Léa", category = "B",
        status = "Stagiaire", cadreEmplois = "Rédacteur territorial", appointmentDate = "2026-09-01",
    };

    [Fact]
    public async Task Create_ThenPatchWithTheETag_ThenAStaleETagIs412()
    {
        using var client = await fixture.ClientAsync(EnrolmentFixture.Vendor);
        var reference = "PAIE-" + Guid.NewGuid().ToString("N")[..8];

        using var created = await client.PostAsJsonAsync(new Uri("/v1/Agents", UriKind.Relative), Agent(reference));
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var patch = Patch(id, created.Headers.ETag!.Tag, new { lastName = "Durand-Martin" });
        using var patched = await client.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.NotEqual(created.Headers.ETag, patched.Headers.ETag);

        using var stale = Patch(id, created.Headers.ETag!.Tag, new { lastName = "Perdu" });
        await (await client.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        using var missing = Patch(id, null, new { lastName = "Perdu" });
        await (await client.SendAsync(missing)).AssertProblemAsync(HttpStatusCode.PreconditionRequired, "precondition-required");
        await using var db = fixture.NewDbContext();
        Assert.Equal("Durand-Martin", (await db.Agents.SingleAsync(a => a.Id == id)).LastName);
    }

    [Fact]
    public async Task SameEmployerReference_Is409_AndUpsertUpdatesInPlace()
    {
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);
        var reference = "PAIE-" + Guid.NewGuid().ToString("N")[..8];
        using var first = await client.PostAsJsonAsync(new Uri("/v1/Agents", UriKind.Relative), Agent(reference));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var duplicate = await client.PostAsJsonAsync(new Uri("/v1/Agents", UriKind.Relative), Agent(reference));
        await duplicate.AssertProblemAsync(HttpStatusCode.Conflict, "agent-exists");

        using var upsert = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/Agents/Upsert", UriKind.Relative)) { Content = JsonContent.Create(Agent(reference, lastName: "Renommée")) };
        upsert.Headers.TryAddWithoutValidation("If-Match", "*");
        using var upserted = await client.SendAsync(upsert);
        Assert.Equal(HttpStatusCode.OK, upserted.StatusCode);
        using var fresh = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/Agents/Upsert", UriKind.Relative)) { Content = JsonContent.Create(Agent(reference + "-2")) };
        using var inserted = await client.SendAsync(fresh);
        Assert.Equal(HttpStatusCode.Created, inserted.StatusCode);

        await using var db = fixture.NewDbContext();
        var rows = await db.Agents.Where(a => a.EmployerReference.StartsWith(reference)).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal("Renommée", rows.Single(a => a.EmployerReference == reference).LastName);
    }

    [Fact]
    public async Task AgentForACollectiviteWithoutMandate_Is403()
    {
        using var client = await fixture.ClientAsync(EnrolmentFixture.Vendor);

        using var response = await client.PostAsJsonAsync(new Uri("/v1/Agents", UriKind.Relative), Agent("X-1", collectivite: EnrolmentFixture.OtherCollectivite));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "not-mandated");
    }

    [Theory]
    [InlineData("employerReference")]
    [InlineData("lastName")]
    [InlineData("category")]
    [InlineData("appointmentDate")]
    public async Task MissingRequiredProperty_Is400_NamingIt(string property)
    {
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);
        var body = JsonSerializer.SerializeToNode(Agent("REQ-" + property))!.AsObject();
        body.Remove(property);

        using var response = await client.PostAsJsonAsync(new Uri("/v1/Agents", UriKind.Relative), body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(property, out _), problem.ToString());
    }

    private static HttpRequestMessage Patch(int id, string? etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, new Uri($"/v1/Agents({id})", UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return request;
    }
}
