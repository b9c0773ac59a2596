using System.Net;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.Sandbox;

/// <summary>
/// The sandbox configuration (no connection string: embedded SQLite created and seeded at start) answers
/// the same key queries, so that `dotnet run` can never silently break.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cnfpt-sandbox-").FullName;

    public ApiFactory Api { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Api = new ApiFactory(connectionString: null, new Dictionary<string, string?>
        {
            ["Database:SandboxFile"] = Path.Combine(_directory, "sandbox.db"),
            ["Database:Seed"] = null,
        });
        Client = Api.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class SandboxSmokeTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Sandbox_SeedsItself_AndServesTheCatalogue()
    {
        var sessions = await _client.GetJsonAsync("/v1/Sessions?$count=true&$top=1");
        var courses = await _client.GetJsonAsync("/v1/Courses?$count=true&$top=1");

        Assert.Equal(1_500, sessions.GetProperty("@odata.count").GetInt32());
        Assert.Equal(300, courses.GetProperty("@odata.count").GetInt32());
    }

    [Fact]
    public async Task Sandbox_FiltersExpandsAndPagesLikePostgreSql()
    {
        var page = await _client.GetJsonAsync("/v1/Sessions?$filter=status eq 'OpenForEnrolment' and startDate ge 2026-01-01&$expand=course($select=title)&$orderby=startDate&$top=20");

        Assert.NotEmpty(page.Values());
        Assert.All(page.Values(), s => Assert.False(string.IsNullOrEmpty(s.GetProperty("course").GetProperty("title").GetString())));
        var all = await _client.GetJsonAsync("/v1/Sessions?$select=id");
        Assert.Equal(100, all.Values().Count());
        Assert.True(all.TryGetProperty("@odata.nextLink", out _));
    }

    [Fact]
    public async Task Sandbox_SearchIsAccentInsensitive()
    {
        var plain = await _client.GetJsonAsync("/v1/Courses?$search=securite&$count=true&$top=0");
        var accented = await _client.GetJsonAsync("/v1/Courses?$search=SÉCURITÉ&$count=true&$top=0");

        Assert.True(plain.GetProperty("@odata.count").GetInt32() > 0);
        Assert.Equal(plain.GetProperty("@odata.count").GetInt32(), accented.GetProperty("@odata.count").GetInt32());
    }

    [Fact]
    public async Task Sandbox_ErrorsAreProblems()
    {
        using var missing = await _client.GetAsync(new Uri("/v1/Courses(424242)", UriKind.Relative));
        using var invalid = await _client.GetAsync(new Uri("/v1/Courses?$filter=nope eq 1", UriKind.Relative));

        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-query");
    }

    [Fact]
    public async Task Sandbox_ServesSwaggerUi()
    {
        using var ui = await _client.GetAsync(new Uri("/swagger/index.html", UriKind.Relative));
        using var document = await _client.GetAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }
}
