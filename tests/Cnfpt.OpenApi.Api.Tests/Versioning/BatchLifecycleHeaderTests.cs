using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cnfpt.OpenApi.Api.Tests.Enrolments;

namespace Cnfpt.OpenApi.Api.Tests.Versioning;

/// <summary>
/// <c>$batch</c> is answered by OData before MVC runs, so Asp.Versioning's reporting never sees it: the lifecycle
/// headers still come, on the batch answer itself, and each inner request answers in its own version.
/// </summary>
[Collection(EnrolmentCollection.Name)]
public sealed class BatchLifecycleHeaderTests(EnrolmentFixture fixture)
{
    [Theory]
    [InlineData("v1", true)]
    [InlineData("v2", false)]
    public async Task Batch_CarriesTheLifecycleHeaders_OfItsVersion(string version, bool deprecated)
    {
        using var client = await fixture.ClientAsync(EnrolmentFixture.Vendor);
        var payload = new JsonObject
        {
            ["requests"] = new JsonArray(
                new JsonObject { ["id"] = "1", ["method"] = "GET", ["url"] = $"/{version}/Sessions(1)?$select=id" },
                new JsonObject { ["id"] = "2", ["method"] = "GET", ["url"] = $"/{version}/Nothing" }),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/{version}/$batch", UriKind.Relative))
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2.0", response.Headers.GetValues("api-supported-versions").Single());
        Assert.Equal("1.0", response.Headers.GetValues("api-deprecated-versions").Single());
        Assert.Equal(deprecated, response.Headers.Contains("Deprecation"));
        Assert.Equal(deprecated, response.Headers.Contains("Sunset"));
        var answers = body["responses"]!.AsArray();
        Assert.Equal(200, answers.Single(a => a!["id"]!.GetValue<string>() == "1")!["status"]!.GetValue<int>());
        Assert.Equal(404, answers.Single(a => a!["id"]!.GetValue<string>() == "2")!["status"]!.GetValue<int>());
        // The inner answer is in the batch's version: v2 sessions have a location, v1 sessions a venue.
        var session = answers.Single(a => a!["id"]!.GetValue<string>() == "1")!["body"]!;
        Assert.Contains($"/{version}/$metadata#Sessions", session["@odata.context"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
