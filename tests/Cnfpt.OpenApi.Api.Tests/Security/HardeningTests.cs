using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cnfpt.OpenApi.Api.Tests.Security;

/// <summary>
/// HTTP hardening (Hardening/): security headers on every answer, body limits as 413 problems, CORS for
/// anonymous reads only, HTTPS outside Development, and a request log without secrets. The API runs on real
/// Kestrel on 127.0.0.1: the in-memory TestServer neither enforces Kestrel's body limit nor writes a
/// Server header, and those are what is under test.
/// </summary>
public sealed partial class HardeningTests(HardeningFixture fixture) : IClassFixture<HardeningFixture>
{
    private const string Origin = "https://example.org";

    [Theory]
    [InlineData("/v1/Courses", HttpStatusCode.OK)]
    [InlineData("/v1/NoSuchSet", HttpStatusCode.NotFound)]
    [InlineData("/admin/clients", HttpStatusCode.Unauthorized)]
    public async Task EveryAnswer_CarriesTheSecurityHeaders_AndNoServerHeader(string url, HttpStatusCode status)
    {
        using var response = await fixture.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        AssertSecurityHeaders(response, "default-src 'none'; frame-ancestors 'none'");
        Assert.Equal("cross-origin", Header(response, "Cross-Origin-Resource-Policy")); // an anonymous GET
        Assert.Equal("127.0.0.1", fixture.Client.BaseAddress?.Host); // Kestrel, not the in-memory server
        Assert.False(response.Headers.Contains("Server"), "Kestrel says who it is");
    }

    [Fact]
    public async Task AuthenticatedAnswer_IsNotStored_AndStaysSameSite()
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/admin/clients", fixture.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response, "default-src 'none'; frame-ancestors 'none'");
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Equal("same-site", Header(response, "Cross-Origin-Resource-Policy"));
    }

    [Fact]
    public async Task TokenAnswer_IsNotStored()
    {
        using var response = await SecurityFixture.RequestTokenAsync(fixture.Client, HardeningFixture.ClientId, secret: HardeningFixture.Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response, "default-src 'none'; frame-ancestors 'none'");
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Equal("same-site", Header(response, "Cross-Origin-Resource-Policy"));
    }

    [Fact]
    public async Task SwaggerUi_GetsAPolicyThatLetsItLoadItsOwnScriptsAndStyles()
    {
        using var page = await fixture.Client.GetAsync(new Uri("/swagger/index.html", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertSecurityHeaders(page, "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
        // 'self' covers what the page loads only if all of it is served from here: no CDN, no other host.
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            Assert.False(Uri.TryCreate(asset, UriKind.Absolute, out _), $"{asset} is not on this host");
            using var response = await fixture.Client.GetAsync(new Uri(new Uri(fixture.Client.BaseAddress!, "/swagger/index.html"), asset));
            Assert.True(response.IsSuccessStatusCode, $"{asset}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task OversizedTokenRequest_Is413Problem()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = HardeningFixture.ClientId,
            ["client_secret"] = HardeningFixture.Secret,
            ["padding"] = new string('x', 2048), // the test limit is 1024 bytes
        });

        using var response = await fixture.Client.PostAsync(new Uri("/connect/token", UriKind.Relative), form);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Contains("1024 bytes", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        AssertSecurityHeaders(response, "default-src 'none'; frame-ancestors 'none'");
    }

    [Fact]
    public async Task TokenRequestWithTooManyFields_Is413Problem()
    {
        var fields = Enumerable.Range(0, 30).ToDictionary(i => $"f{i}", _ => "x");
        fields["grant_type"] = "client_credentials";
        using var form = new FormUrlEncodedContent(fields);

        using var response = await fixture.Client.PostAsync(new Uri("/connect/token", UriKind.Relative), form);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Contains("value count limit", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedJsonBody_Is413Problem()
    {
        using var body = new StringContent($$"""{"displayName": "{{new string('x', 2048)}}", "kind": "Vendor", "scopes": []}""", Encoding.UTF8, "application/json");

        using var response = await fixture.SendAsync(HttpMethod.Post, "/admin/clients", fixture.Token, body);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Theory]
    [InlineData("/v1/Courses")]
    [InlineData("/v1/$metadata")]
    public async Task Preflight_ForAnonymousGet_IsAllowedFromAnySite(string url)
    {
        using var response = await PreflightAsync(url, "GET", "odata-version");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("GET", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("/v1/Courses", "POST", null)]
    [InlineData("/connect/token", "POST", null)]
    [InlineData("/admin/clients", "DELETE", null)]
    [InlineData("/v1/Courses", "GET", "authorization")]
    [InlineData("/admin/clients", "GET", "accept, Authorization")]
    public async Task Preflight_ForWriteOrAuthorizationHeader_IsRefused(string url, string method, string? headers)
    {
        using var response = await PreflightAsync(url, method, headers);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), $"{method} {url} ({headers}) is open to other sites");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task AnonymousGet_WithOrigin_IsReadableFromAnySite()
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/Courses", origin: Origin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        var exposed = Header(response, "Access-Control-Expose-Headers").Split(',', StringSplitOptions.TrimEntries);
        Assert.Equal(
            ["RateLimit", "RateLimit-Policy", "Retry-After", "ETag", "Location", "api-supported-versions", "api-deprecated-versions", "Deprecation", "Sunset", "Link"],
            exposed);
        Assert.Equal("cross-origin", Header(response, "Cross-Origin-Resource-Policy"));
    }

    [Fact]
    public async Task GetWithAuthorization_GetsNoCorsHeaders()
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/Courses", fixture.Token, origin: Origin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Expose-Headers"));
        Assert.Equal("same-site", Header(response, "Cross-Origin-Resource-Policy"));
    }

    [Fact]
    public async Task TokenRequest_WithOrigin_GetsNoCorsHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/connect/token", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = HardeningFixture.ClientId, ["client_secret"] = HardeningFixture.Secret,
            }),
        };
        request.Headers.Add("Origin", Origin);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), "a page could read the token");
    }

    [Fact]
    public async Task RequestLog_OneEventPerRequest_WithTheTokensClientAndTheTraceId()
    {
        var traceId = NewTraceId();

        using var response = await fixture.SendAsync(HttpMethod.Get, "/admin/clients?$top=5", fixture.Token, traceId: traceId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = await fixture.Logs.SingleRequestLogAsync(traceId);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("GET", entry.State["Method"]);
        Assert.Equal("/admin/clients", entry.State["Path"]);
        Assert.Equal(200, entry.State["StatusCode"]);
        Assert.Equal(HardeningFixture.ClientId, entry.State["ClientId"]);
        Assert.InRange((double)entry.State["ElapsedMs"]!, 0, 60_000);
        Assert.Contains($"GET /admin/clients answered 200 in ", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestLog_NamesAnonymousCallers_AndLeavesOutTheQueryString()
    {
        var traceId = NewTraceId();

        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/Courses?$filter=title eq 'confidential-term'", traceId: traceId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = await fixture.Logs.SingleRequestLogAsync(traceId);
        Assert.Equal("/v1/Courses", entry.State["Path"]);
        Assert.Equal("anonymous", entry.State["ClientId"]);
        Assert.DoesNotContain("confidential-term", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestLog_RecordsTheProblemStatus_OfA413()
    {
        var traceId = NewTraceId();
        using var body = new StringContent(new string('x', 4096), Encoding.UTF8, "application/json");

        using var response = await fixture.SendAsync(HttpMethod.Post, "/admin/clients", fixture.Token, body, traceId: traceId);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var entry = await fixture.Logs.SingleRequestLogAsync(traceId);
        Assert.Equal(413, entry.State["StatusCode"]);
        Assert.Equal(HardeningFixture.ClientId, entry.State["ClientId"]);
    }

    [Fact]
    public async Task LogScope_TiesEveryLineOfARequestToItsClientAndTraceId()
    {
        var traceId = NewTraceId();

        using var response = await fixture.SendAsync(HttpMethod.Get, "/admin/clients", fixture.Token, traceId: traceId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var probe = Assert.Single(fixture.Logs.Entries, e => e.Category == typeof(ScopeProbe).FullName && e.Scope.GetValueOrDefault("TraceId") as string == traceId);
        Assert.Equal(HardeningFixture.ClientId, probe.Scope["ClientId"]);
    }

    [Fact]
    public async Task Logs_NeverContainTheClientSecretOrTheBearerToken()
    {
        var secret = "leak-check-secret-" + Guid.NewGuid().ToString("N");
        var clientId = "test-hardening-leak-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.RegisterAsync(clientId, secret);
        var token = await SecurityFixture.TokenAsync(fixture.Client, clientId, secret: secret);
        using var wrongSecret = await SecurityFixture.RequestTokenAsync(fixture.Client, clientId, secret: secret + "-wrong");
        var traceId = NewTraceId();

        using (var authenticated = await fixture.SendAsync(HttpMethod.Get, "/admin/clients", token, traceId: traceId))
        {
            Assert.Equal(HttpStatusCode.OK, authenticated.StatusCode);
        }

        using (var refused = await fixture.SendAsync(HttpMethod.Get, "/admin/clients", token + "tampered"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await fixture.Logs.SingleRequestLogAsync(traceId);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode); // invalid_client
        var signature = token[(token.LastIndexOf('.') + 1)..];
        var leaks = fixture.Logs.Entries
            .Where(e => new[] { secret, token, signature }.Any(part => e.Text.Contains(part, StringComparison.Ordinal)))
            .Select(e => $"{e.Level} {e.Category}[{e.EventId}]: {e.Message[..Math.Min(e.Message.Length, 120)]}")
            .Distinct()
            .ToList();
        Assert.True(leaks.Count == 0, "Secrets in the logs:" + Environment.NewLine + string.Join(Environment.NewLine, leaks));
    }

    [Fact]
    public async Task OutsideDevelopment_PlainHttpIsRedirected_AndHttpsAnswersCarryHsts()
    {
        using var http = fixture.HttpsApi.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://api.example.org"), AllowAutoRedirect = false });
        using var https = fixture.HttpsApi.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://api.example.org"), AllowAutoRedirect = false });

        using var redirected = await http.GetAsync(new Uri("/v1/Courses?$top=1", UriKind.Relative));
        using var secure = await https.GetAsync(new Uri("/v1/Courses?$top=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.PermanentRedirect, redirected.StatusCode);
        Assert.Equal(new Uri("https://api.example.org/v1/Courses?$top=1"), redirected.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.StartsWith("max-age=31536000", Header(secure, "Strict-Transport-Security"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.9.9.9", HttpStatusCode.OK)] // the configured proxy: the client spoke HTTPS to it
    [InlineData("10.1.1.1", HttpStatusCode.PermanentRedirect)] // anyone else: the header is ignored
    public async Task ForwardedProto_IsBelievedFromKnownProxiesOnly(string remoteAddress, HttpStatusCode expected)
    {
        using var http = fixture.HttpsApi.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://api.example.org"), AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/Courses?$top=1", UriKind.Relative));
        request.Headers.Add(TestCaller.AddressHeader, remoteAddress);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, response.Headers.Contains("Strict-Transport-Security"));
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string contentSecurityPolicy)
    {
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal(contentSecurityPolicy, Header(response, "Content-Security-Policy"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : response.Content.Headers.TryGetValues(name, out var content) ? content : []);

    private async Task<HttpResponseMessage> PreflightAsync(string url, string method, string? headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(url, UriKind.Relative));
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return await fixture.Client.SendAsync(request);
    }

    private static string NewTraceId() => Guid.NewGuid().ToString("N");

    [GeneratedRegex("""(?:src|href)="(?<url>[^"]+)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex AssetReference();
}

/// <summary>
/// One empty database; the API on real Kestrel (1 KiB body limit, logs captured, a probe that logs from
/// inside each action) with a registered back-office client and its token; and, on the in-memory server,
/// the API as production runs it (HTTPS enforced, one known proxy) for the HTTPS tests.
/// </summary>
public sealed class HardeningFixture : IAsyncLifetime
{
    public const string ClientId = "test-hardening-backoffice";
    public const string Secret = "hardening-secret-0123456789";

    private string _connectionString = "";

    public LogCapture Logs { get; } = new();

    /// <summary>The API on Kestrel, 127.0.0.1, a free port.</summary>
    public WebApplicationFactory<Program> Api { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>An access token of <see cref="ClientId"/> (every back-office scope).</summary>
    public string Token { get; private set; } = "";

    /// <summary>Production settings for HTTPS (enforced, proxy 10.9.9.9, HTTPS port 443) on the in-memory server.</summary>
    public WebApplicationFactory<Program> HttpsApi { get; private set; } = null!;

    private ApiFactory Root { get; set; } = null!;

    private ApiFactory HttpsRoot { get; set; } = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("cnfpt_hardening", seed: false);
        Root = new ApiFactory(_connectionString, new Dictionary<string, string?>
        {
            ["Hardening:EnforceHttps"] = "false",
            ["Hardening:MaxRequestBodyBytes"] = "1024",
            ["RateLimiting:Enabled"] = "false",
        });
        Api = Root.WithWebHostBuilder(builder => builder
            .ConfigureLogging(logging =>
            {
                logging.AddProvider(Logs);
                // Debug and above reach the capture, whatever appsettings.json filters: no secret even when an
                // operator turns on Debug. (OpenIddict writes whole tokens at Trace: docs/security-hardening.md.)
                logging.AddFilter<LogCapture>(null, LogLevel.Debug);
            })
            .ConfigureTestServices(services => services.Configure<MvcOptions>(mvc => mvc.Filters.Add<ScopeProbe>())));
        Api.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Api.StartServer();
        Client = Api.CreateClient();

        await RegisterAsync(ClientId, Secret);
        Token = await SecurityFixture.TokenAsync(Client, ClientId, secret: Secret);

        HttpsRoot = new ApiFactory(_connectionString, new Dictionary<string, string?>
        {
            ["Hardening:KnownProxies:0"] = "10.9.9.9",
            ["Hardening:EnforceHttps"] = "true", // the shared test factory turns it off
            ["HTTPS_PORT"] = "443",
            ["RateLimiting:Enabled"] = "false",
        });
        HttpsApi = HttpsRoot.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, TestCaller>()));
    }

    public async Task RegisterAsync(string clientId, string secret)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        await clients.RegisterAsync(new(clientId, "Hardening tests", CallerKind.BackOffice, null, Scopes.AllowedFor(CallerKind.BackOffice)), secret);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? token = null, HttpContent? content = null, string? origin = null, string? traceId = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (traceId is not null)
        {
            // W3C trace context: the API's activity, hence the logged trace id, continues this trace.
            request.Headers.Add("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01");
        }

        return await Client.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Root.DisposeAsync(); // disposes the derived factory too
        await HttpsRoot.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }
}

/// <summary>Writes one line from inside every action, to show what scope the request's own lines carry.</summary>
internal sealed partial class ScopeProbe(ILogger<ScopeProbe> logger) : IAsyncActionFilter
{
    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        Inside(logger, context.HttpContext.Request.Path);
        return next();
    }

    [LoggerMessage(1, LogLevel.Information, "Probe inside the action of {Path}")]
    private static partial void Inside(ILogger logger, string path);
}

/// <summary>One captured log event: its formatted message, its structured values and the scopes around it.</summary>
public sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> State, IReadOnlyDictionary<string, object?> Scope, string Text);

/// <summary>Keeps every log event of the API, with its structured values and scopes.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    public const string RequestLogCategory = "Cnfpt.OpenApi.Api.Hardening.RequestLogMiddleware";

    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>
    /// The request log event of the request with this trace id. It is written when the response has been
    /// sent, so possibly just after the client read it: wait for it, then make sure it stays alone.
    /// </summary>
    public async Task<LogEntry> SingleRequestLogAsync(string traceId)
    {
        List<LogEntry> Matching() => [.. _entries.Where(e => e.Category == RequestLogCategory && e.State.GetValueOrDefault("TraceId") as string == traceId)];
        for (var attempt = 0; attempt < 250 && Matching().Count == 0; attempt++)
        {
            await Task.Delay(20);
        }

        await Task.Delay(50);
        return Assert.Single(Matching());
    }

    public ILogger CreateLogger(string categoryName) => new Capture(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Capture(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    values[key] = value;
                }
            }

            var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
            var text = new StringBuilder(message).AppendLine().Append(exception);
            owner._scopes?.ForEachScope((s, _) =>
            {
                text.AppendLine().Append(s);
                if (s is IEnumerable<KeyValuePair<string, object?>> scopePairs)
                {
                    foreach (var (key, value) in scopePairs)
                    {
                        scope[key] = value;
                        text.AppendLine().Append(key).Append('=').Append(value);
                    }
                }
            }, (object?)null);
            foreach (var value in values.Values)
            {
                text.AppendLine().Append(value);
            }

            owner._entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, message, values, scope, text.ToString()));
        }
    }
}
