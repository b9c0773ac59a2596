using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.Versioning;

/// <summary>
/// Every answer says which versions exist (api-supported-versions, api-deprecated-versions); every answer under
/// /v1 says it is deprecated, when it stops and where the migration guide is (Deprecation RFC 9745, Sunset
/// RFC 8594, Link). Successes, errors of every layer, and version-neutral paths alike.
/// </summary>
[Collection(CatalogueCollection.Name)]
public sealed class LifecycleHeaderTests(CatalogueFixture fixture)
{
    // v1 deprecated on 23 Nov 2026 (the day v2 was released), sunset on 30 Nov 2027: docs/versioning.md.
    private static readonly DateTimeOffset Deprecated = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Sunset = new(2027, 11, 30, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("/v1/Courses?$top=1", HttpStatusCode.OK)]                   // MVC answer
    [InlineData("/v1/Sessions(1)", HttpStatusCode.OK)]                      // v1-only controller
    [InlineData("/v1/$metadata", HttpStatusCode.OK)]                        // OData's version-neutral controller
    [InlineData("/v1", HttpStatusCode.OK)]                                  // service document
    [InlineData("/v1/Courses?$filter=colour eq 'red'", HttpStatusCode.BadRequest)]
    [InlineData("/v1/Courses(999999)", HttpStatusCode.NotFound)]
    [InlineData("/v1/Nothing", HttpStatusCode.NotFound)]                    // no endpoint: status-code pages
    [InlineData("/v1/Agents", HttpStatusCode.Unauthorized)]                 // refused by authorization
    public async Task V1_EveryAnswer_IsMarkedDeprecated_WithSunsetAndMigrationLink(string url, HttpStatusCode status)
    {
        using var response = await fixture.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        AssertVersionLists(response);
        Assert.Equal("@" + Deprecated.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), Single(response, "Deprecation"));
        Assert.Equal(Sunset, DateTimeOffset.ParseExact(Single(response, "Sunset"), "r", CultureInfo.InvariantCulture));
        var links = response.Headers.GetValues("Link").ToList();
        Assert.Contains(links, l => l.StartsWith("</docs/migration-v1-v2.md>", StringComparison.Ordinal) && l.Contains("rel=\"deprecation\"", StringComparison.Ordinal));
        Assert.Contains(links, l => l.StartsWith("</docs/migration-v1-v2.md>", StringComparison.Ordinal) && l.Contains("rel=\"sunset\"", StringComparison.Ordinal));
        Assert.Equal(2, links.Count);
    }

    [Theory]
    [InlineData("/v2/Courses?$top=1", HttpStatusCode.OK)]
    [InlineData("/v2/Sessions(1)", HttpStatusCode.OK)]
    [InlineData("/v2/$metadata", HttpStatusCode.OK)]
    [InlineData("/v2/Courses?$filter=colour eq 'red'", HttpStatusCode.BadRequest)]
    [InlineData("/v2/Nothing", HttpStatusCode.NotFound)]
    [InlineData("/v2/Agents", HttpStatusCode.Unauthorized)]
    [InlineData("/swagger/v2/swagger.json", HttpStatusCode.OK)]            // outside the versions
    [InlineData("/connect/token", HttpStatusCode.BadRequest)]            // OpenIddict: GET is not a token request
    public async Task V2AndUnversionedPaths_ListTheVersions_WithoutDeprecationHeaders(string url, HttpStatusCode status)
    {
        using var response = await fixture.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        AssertVersionLists(response);
        Assert.False(response.Headers.Contains("Deprecation"), url);
        Assert.False(response.Headers.Contains("Sunset"), url);
        Assert.False(response.Headers.Contains("Link"), url);
    }

    [Theory]
    [InlineData("/v3/Courses", "v3")]
    [InlineData("/v3", "v3")]
    [InlineData("/v0/Sessions(1)", "v0")]
    [InlineData("/V9/$metadata", "V9")]
    public async Task UnknownVersion_Is404Problem_ListingTheSupportedVersions(string url, string named)
    {
        using var response = await fixture.Client.GetAsync(new Uri(url, UriKind.Relative));

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "unknown-api-version");
        Assert.Equal(["v1", "v2"], problem.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["v1"], problem.GetProperty("deprecatedVersions").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains($"'{named}'", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("version", out _));
        AssertVersionLists(response);
        Assert.True(response.Headers.Contains("X-Content-Type-Options"), "security headers apply to this answer too");
    }

    [Theory]
    [InlineData("/vendors/Courses")]
    [InlineData("/v1x/Courses")]
    public async Task PathsThatNameNoVersion_AreOrdinary404s(string url)
    {
        using var response = await fixture.Client.GetAsync(new Uri(url, UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task MigrationGuide_TheLinkPointsAt_IsServed()
    {
        using var v1 = await fixture.Client.GetAsync(new Uri("/v1/Courses?$top=1", UriKind.Relative));
        var target = v1.Headers.GetValues("Link").First().Split('>')[0].TrimStart('<');

        using var guide = await fixture.Client.GetAsync(new Uri(target, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, guide.StatusCode);
        Assert.Equal("text/markdown", guide.Content.Headers.ContentType?.MediaType);
        var text = await guide.Content.ReadAsStringAsync();
        Assert.StartsWith("# Migrating from v1 to v2", text, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "migration-v1-v2.md")), text);
    }

    private static void AssertVersionLists(HttpResponseMessage response)
    {
        Assert.Equal("2.0", Single(response, "api-supported-versions"));
        Assert.Equal("1.0", Single(response, "api-deprecated-versions"));
    }

    private static string Single(HttpResponseMessage response, string name)
    {
        Assert.True(response.Headers.TryGetValues(name, out var values), $"{response.RequestMessage?.RequestUri}: no {name} header");
        return Assert.Single(values);
    }
}
