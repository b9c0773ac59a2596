using System.Net;
using System.Security.Claims;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Security;

/// <summary>
/// Budgets per caller and category, RateLimit headers, 429 problems. The API runs with tiny budgets and a
/// clock the tests set, so that every count and every reset time is exact; one test uses the real clock.
/// Each test speaks from its own IP addresses so that tests never spend each other's budgets.
/// </summary>
public sealed class RateLimitTests : IClassFixture<RateLimitFixture>
{
    private const string Courses = "/v1/Courses?$top=1";
    private readonly RateLimitFixture _fixture;

    public RateLimitTests(RateLimitFixture fixture)
    {
        _fixture = fixture;
        fixture.Clock.Reset();
    }

    [Fact]
    public async Task Response_CarriesRateLimitHeaders_WithDecreasingRemaining()
    {
        for (var expected = 4; expected >= 2; expected--)
        {
            using var response = await SendAsync(HttpMethod.Get, Courses, "10.0.1.1");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("\"read\";q=5;w=60", Header(response, "RateLimit-Policy"));
            Assert.Equal($"\"read\";r={expected};t=40", Header(response, "RateLimit"));
        }
    }

    [Fact]
    public async Task ExhaustedBudget_IsA429Problem_WithRetryAfterAndHeaders()
    {
        await SpendAsync(Courses, "10.0.2.1", RateLimitFixture.AnonymousRead);

        using var response = await SendAsync(HttpMethod.Get, Courses, "10.0.2.1");

        var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal(TimeSpan.FromSeconds(40), response.Headers.RetryAfter?.Delta);
        Assert.Equal("\"read\";q=5;w=60", Header(response, "RateLimit-Policy"));
        Assert.Equal("\"read\";r=0;t=40", Header(response, "RateLimit"));
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("read budget", detail, StringComparison.Ordinal);
        Assert.Contains("5 requests per 60 s per IP address", detail, StringComparison.Ordinal);
        Assert.Contains("retry after 40 s", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.2.1", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryAfter_IsTheTimeLeftInTheWindow_AtLeastOneSecond()
    {
        await SpendAsync(Courses, "10.0.3.1", RateLimitFixture.AnonymousRead);

        _fixture.Clock.Advance(TimeSpan.FromSeconds(39.2));
        using var almostOver = await SendAsync(HttpMethod.Get, Courses, "10.0.3.1");

        Assert.Equal(HttpStatusCode.TooManyRequests, almostOver.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), almostOver.Headers.RetryAfter?.Delta);
        Assert.Equal("\"read\";r=0;t=1", Header(almostOver, "RateLimit"));
    }

    [Fact]
    public async Task NextWindow_RestoresTheBudget()
    {
        await SpendAsync(Courses, "10.0.4.1", RateLimitFixture.AnonymousRead);
        using var refused = await SendAsync(HttpMethod.Get, Courses, "10.0.4.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        _fixture.Clock.Advance(refused.Headers.RetryAfter!.Delta!.Value);
        using var response = await SendAsync(HttpMethod.Get, Courses, "10.0.4.1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"read\";r=4;t=60", Header(response, "RateLimit"));
    }

    [Fact]
    public async Task ExhaustedReadBudget_DoesNotBlockStatisticsOrWrites()
    {
        await SpendAsync(Courses, "10.0.5.1", RateLimitFixture.AnonymousRead);
        using (var refused = await SendAsync(HttpMethod.Get, Courses, "10.0.5.1"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        // Not an endpoint yet (a 404 problem written by a later middleware): it still spends the statistics budget.
        using var statistics = await SendAsync(HttpMethod.Get, "/v1/Statistics", "10.0.5.1");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, statistics.StatusCode);
        Assert.Equal("\"statistics\";q=3;w=60", Header(statistics, "RateLimit-Policy"));
        Assert.Equal("\"statistics\";r=2;t=40", Header(statistics, "RateLimit"));

        // The catalogue is read-only (405), but the request spends the write budget, not the read one.
        using var content = new StringContent("{\"title\":\"x\"}", System.Text.Encoding.UTF8, "application/json");
        using var write = await SendAsync(HttpMethod.Post, "/v1/Courses", "10.0.5.1", content: content);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, write.StatusCode);
        Assert.Equal("\"write\";q=2;w=60", Header(write, "RateLimit-Policy"));
        Assert.Equal("\"write\";r=1;t=40", Header(write, "RateLimit"));
    }

    [Fact]
    public async Task TwoAddresses_DoNotShareABudget()
    {
        await SpendAsync(Courses, "10.0.6.1", RateLimitFixture.AnonymousRead);
        using (var refused = await SendAsync(HttpMethod.Get, Courses, "10.0.6.1"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        using var other = await SendAsync(HttpMethod.Get, Courses, "10.0.6.2");
        using var otherV6 = await SendAsync(HttpMethod.Get, Courses, "2001:db8::6");

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("\"read\";r=4;t=40", Header(other, "RateLimit"));
        Assert.Equal(HttpStatusCode.OK, otherV6.StatusCode);
        Assert.Equal("\"read\";r=4;t=40", Header(otherV6, "RateLimit"));
    }

    [Fact]
    public async Task IPv4MappedAddress_SharesTheBudgetOfItsIPv4Address()
    {
        using var first = await SendAsync(HttpMethod.Get, Courses, "10.0.7.1");
        using var mapped = await SendAsync(HttpMethod.Get, Courses, "::ffff:10.0.7.1");

        Assert.Equal("\"read\";r=3;t=40", Header(mapped, "RateLimit"));
    }

    [Fact]
    public async Task AuthenticatedClient_HasItsOwnBudget_PerClientIdWhateverTheAddress()
    {
        using var first = await SendAsync(HttpMethod.Get, Courses, "10.0.8.1", clientId: "vendor-alpha");
        using var elsewhere = await SendAsync(HttpMethod.Get, Courses, "10.0.8.2", clientId: "vendor-alpha");
        using var anonymous = await SendAsync(HttpMethod.Get, Courses, "10.0.8.1");
        using var otherClient = await SendAsync(HttpMethod.Get, Courses, "10.0.8.1", clientId: "vendor-beta");

        Assert.Equal("\"read\";q=8;w=60", Header(first, "RateLimit-Policy"));
        Assert.Equal("\"read\";r=7;t=40", Header(first, "RateLimit"));
        Assert.Equal("\"read\";r=6;t=40", Header(elsewhere, "RateLimit"));
        Assert.Equal("\"read\";q=5;w=60", Header(anonymous, "RateLimit-Policy"));
        Assert.Equal("\"read\";r=4;t=40", Header(anonymous, "RateLimit"));
        Assert.Equal("\"read\";r=7;t=40", Header(otherClient, "RateLimit"));
    }

    [Fact]
    public async Task AuthenticatedClient_RefusalNamesTheClient()
    {
        await SpendAsync(Courses, "10.0.9.1", 8, clientId: "vendor-gamma");

        using var response = await SendAsync(HttpMethod.Get, Courses, "10.0.9.1", clientId: "vendor-gamma");

        var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Contains("client 'vendor-gamma'", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal("\"read\";r=0;t=40", Header(response, "RateLimit"));
    }

    [Theory]
    [InlineData(1, "GET", "/v1/Courses?$top=1", "read")]
    [InlineData(2, "HEAD", "/v1/Courses", "read")]
    [InlineData(3, "OPTIONS", "/v1/Courses", "read")]
    [InlineData(4, "POST", "/v1/Courses", "write")]
    [InlineData(5, "PUT", "/v1/Courses(1)", "write")]
    [InlineData(6, "PATCH", "/v1/Courses(1)", "write")]
    [InlineData(7, "DELETE", "/v1/Courses(1)", "write")]
    [InlineData(8, "GET", "/v1/Statistics", "statistics")]
    [InlineData(9, "GET", "/v2/Statistics/Enrolments?$apply=aggregate($count as n)", "statistics")]
    [InlineData(10, "GET", "/v1/Statistics(1)", "statistics")]
    [InlineData(11, "GET", "/v1/statistics", "statistics")]
    [InlineData(12, "POST", "/v1/Statistics", "statistics")]
    [InlineData(13, "GET", "/v1/StatisticsAndMore", "read")]
    [InlineData(14, "GET", "/Statistics", "read")]
    [InlineData(15, "GET", "/v1/Courses/Statistics", "read")]
    public async Task Category_FollowsMethodAndPath(int row, string method, string url, string category)
    {
        using var response = await SendAsync(new HttpMethod(method), url, $"10.1.0.{row}");

        Assert.StartsWith($"\"{category}\";", Header(response, "RateLimit-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealClock_BudgetIsRenewedWhenTheWindowEnds()
    {
        await using var api = new ApiFactory(_fixture.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:Enabled"] = "true", // whatever the shared test factory defaults to
            ["RateLimiting:WindowSeconds"] = "2",
            ["RateLimiting:AnonymousRead"] = "3",
        });
        using var client = api.CreateClient();

        // A window may end while the budget is being spent: keep going (bounded) until refused.
        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < 12 && refused is null; attempt++)
        {
            var response = await client.GetAsync(new Uri(Courses, UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        var retryAfter = refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
        refused.Dispose();
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        await Task.Delay(retryAfter + TimeSpan.FromMilliseconds(50));
        using var renewed = await client.GetAsync(new Uri(Courses, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.StartsWith("\"read\";r=2;t=", Header(renewed, "RateLimit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_NoLimitAndNoHeaders()
    {
        await using var api = new ApiFactory(_fixture.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:Enabled"] = "false",
            ["RateLimiting:AnonymousRead"] = "1",
        });
        using var client = api.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync(new Uri(Courses, UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("RateLimit"));
            Assert.False(response.Headers.Contains("RateLimit-Policy"));
        }
    }

    [Fact]
    public async Task TokenRequests_AreLimitedPerAddress_BeforeTheClientIsChecked()
    {
        // OpenIddict checks client secrets inside authentication: the write budget of the address applies first.
        HttpContent Guess() => new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "nobody", ["client_secret"] = "guess",
        });
        for (var i = 0; i < 2; i++)
        {
            using var refused = await SendAsync(HttpMethod.Post, "/connect/token", "10.0.9.1", content: Guess());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var limited = await SendAsync(HttpMethod.Post, "/connect/token", "10.0.9.1", content: Guess());

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal("\"write\";q=2;w=60", Header(limited, "RateLimit-Policy"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : []);

    private async Task SpendAsync(string url, string ip, int count, string? clientId = null)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await SendAsync(HttpMethod.Get, url, ip, clientId);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"request {i + 1} of {count}: {(int)response.StatusCode}");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string ip, string? clientId = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
        request.Headers.Add(TestCaller.AddressHeader, ip);
        if (clientId is not null)
        {
            request.Headers.Add(TestCaller.ClientHeader, clientId);
        }

        return await _fixture.Client.SendAsync(request);
    }
}

/// <summary>One empty database (the limiter needs no rows) and one API with tiny budgets and a settable clock.</summary>
public sealed class RateLimitFixture : IAsyncLifetime
{
    public const int AnonymousRead = 5;

    /// <summary>20 s into a 60 s window (Unix time is minute-aligned): 40 s to the reset.</summary>
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 9, 1, 10, 0, 20, TimeSpan.Zero));

    public string ConnectionString { get; private set; } = "";

    public WebApplicationFactory<Program> Api { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    private ApiFactory Root { get; set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync("cnfpt_ratelimit", seed: false);
        Root = new ApiFactory(ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:Enabled"] = "true", // whatever the shared test factory defaults to
            ["RateLimiting:WindowSeconds"] = "60",
            ["RateLimiting:AnonymousRead"] = "5",
            ["RateLimiting:AnonymousStatistics"] = "3",
            ["RateLimiting:AnonymousWrite"] = "2",
            ["RateLimiting:AuthenticatedRead"] = "8",
        });
        Api = Root.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, TestCaller>();
        }));
        Client = Api.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Root.DisposeAsync(); // disposes the derived factory too
        await TestDatabase.DropAsync(ConnectionString);
    }
}

/// <summary>A clock that moves only when told to.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly DateTimeOffset _start = start;
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Reset() => _now = _start;
}

/// <summary>
/// Lets a test choose the caller: its remote address (TestServer has none) and, standing in for a validated
/// access token, an authenticated principal with a client_id claim. Runs before the whole pipeline.
/// </summary>
internal sealed class TestCaller : IStartupFilter
{
    public const string AddressHeader = "X-Test-Remote-Address";
    public const string ClientHeader = "X-Test-Client-Id";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers[AddressHeader] is [{ } address])
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            }

            if (context.Request.Headers[ClientHeader] is [{ } clientId])
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("client_id", clientId)], authenticationType: "Test"));
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
