using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Attestations;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Cnfpt.OpenApi.Api.Tests.Security;

/// <summary>
/// Every endpoint of the running API × every kind of caller. The endpoint list comes from the API's own
/// endpoint data source: an endpoint that declares neither [AllowAnonymous] nor a scope, or whose entity set
/// has no sample rule below, fails the test. Each cell asserts a status; tenant-owned answers are checked
/// row by row against the collectivités the caller acts for.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed partial class AccessMatrixTests(SecurityFixture fixture, ITestOutputHelper output)
{
    private sealed record Endpoint(string Method, string Pattern, bool Anonymous, string? Scope, string? EntitySet);

    private sealed record CallerCase(string Name, string? ClientId, Func<Task<string?>> Token, string[] Scopes, int[]? ActsFor);

    /// <summary>Entity sets whose rows belong to a collectivité, and how to read that collectivité from a row.</summary>
    private static readonly Dictionary<string, string> TenantColumn = new(StringComparer.Ordinal)
    {
        ["Agents"] = "collectiviteId",
        ["Mandates"] = "collectiviteId",
        ["Collectivites"] = "id",
        ["Enrolments"] = "collectiviteId",
        ["TrainingNeeds"] = "collectiviteId",
        ["Attestations"] = "collectiviteId",
        ["AttendanceRecords"] = "collectiviteId",
        ["TrainingObligations"] = "collectiviteId",
        ["ModuleProgress"] = "collectiviteId",
        ["TutorRequests"] = "collectiviteId",
    };

    private static readonly HashSet<string> PublicSets = ["Courses", "Sessions", "Themes", "Domains", "Delegations", "Communes", "Statistics", "ELearningModules", "DiagnosticQuestions"];

    /// <summary>
    /// Sets every authenticated caller with the scope reads (e-learning programmes, defined by the back office);
    /// their tenant-owned figures (a programme's rollout) hold only the collectivités the caller acts for.
    /// </summary>
    private static readonly HashSet<string> SharedSets = ["ELearningProgrammes"];

    /// <summary>
    /// Back-office sets that belong to no collectivité: only their scope guards them. Their keyed endpoints
    /// (reads, PDFs, actions such as MarkSent) are called on a key that does not exist: past authorization, a 404.
    /// </summary>
    private static readonly HashSet<string> BackOfficeSets = ["PrintBatches", "SessionProposals"];

    /// <summary>
    /// Sets whose rows are visible to the callers acting for one of their member collectivités (périmètres and
    /// their pooled plans): a périmètre with a member the caller acts for answers, any other is a 404.
    /// </summary>
    private static readonly HashSet<string> MembershipSets = ["Perimetres"];

    /// <summary>
    /// Public endpoints outside the versions whose answer is the same for every caller: the session feeds (a token,
    /// even an expired one, changes nothing). Each is called bare and with a filter.
    /// </summary>
    private static readonly Dictionary<string, string> PublicOutsideVersions = new(StringComparer.Ordinal)
    {
        ["feeds/sessions.rss"] = "?theme=MGT-EQ&region=32",
        ["feeds/sessions.atom"] = "?delegation=1",
    };

    [Fact]
    public async Task EveryEndpoint_ForEveryCaller_AnswersAsItsRuleSays_AndLeaksNothing()
    {
        var endpoints = DiscoverEndpoints();
        var callers = await CallersAsync();
        var cells = 0;
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            foreach (var caller in callers)
            {
                var token = await caller.Token();
                foreach (var (url, expectation) in await CasesAsync(endpoint, caller))
                {
                    cells++;
                    var failure = await CheckAsync(endpoint, caller, token, url, expectation);
                    if (failure is not null)
                    {
                        failures.Add($"{endpoint.Method} {url} as {caller.Name}: {failure}");
                    }
                }
            }
        }

        output.WriteLine($"{endpoints.Count} endpoints × {callers.Count} callers: {cells} cells checked, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(cells > 300, $"only {cells} cells: the endpoint discovery is broken");
        Assert.All(PublicOutsideVersions.Keys, pattern => Assert.Contains(endpoints, e => e.Pattern == pattern));
    }

    [Fact]
    public void EveryEndpoint_DeclaresWhoMayCallIt()
    {
        var undeclared = fixture.Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy?.StartsWith(RequiresScopeAttribute.PolicyPrefix, StringComparison.Ordinal) == true))
            .Select(e => e.RoutePattern.RawText)
            .ToList();

        Assert.True(undeclared.Count == 0, "Endpoints without [AllowAnonymous] or [RequiresScope]: " + string.Join(", ", undeclared));
    }

    private List<Endpoint> DiscoverEndpoints()
    {
        var result = new List<Endpoint>();
        foreach (var endpoint in fixture.Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is not { } action)
            {
                continue;
            }

            var pattern = endpoint.RoutePattern.RawText!.TrimStart('/');
            if (pattern == "connect/token")
            {
                continue; // authenticates clients itself: TokenTests
            }

            var scope = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
                .Select(a => a.Policy).FirstOrDefault(p => p?.StartsWith(RequiresScopeAttribute.PolicyPrefix, StringComparison.Ordinal) == true)?[RequiresScopeAttribute.PolicyPrefix.Length..];
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            // Every version's endpoints: /v1/… and /v2/… (a shared controller is mapped under both prefixes).
            var version = VersionPrefix().Match(pattern);
            var entitySet = version.Success ? pattern[version.Length..].Split('(', '/')[0] : null;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                result.Add(new Endpoint(method, pattern, anonymous, scope, entitySet is "" or "$metadata" ? null : entitySet));
            }

            Assert.True(action.ControllerTypeInfo.Assembly == typeof(Program).Assembly || version.Success, pattern);
        }

        return result;
    }

    private async Task<List<CallerCase>> CallersAsync()
    {
        var api = fixture.Anonymous;
        string[] Vendor() => [.. Scopes.AllowedFor(CallerKind.Vendor)];
        var expired = await SecurityFixture.TokenAsync(fixture.ShortLived.CreateClient(), SecurityFixture.VendorA);
        await Task.Delay(TimeSpan.FromSeconds(4));
        return
        [
            new("anonymous", null, () => Task.FromResult<string?>(null), [], null),
            new("vendor A", SecurityFixture.VendorA, async () => await SecurityFixture.TokenAsync(api, SecurityFixture.VendorA), Vendor(), fixture.ActsFor[SecurityFixture.VendorA]),
            new("vendor B", SecurityFixture.VendorB, async () => await SecurityFixture.TokenAsync(api, SecurityFixture.VendorB), Vendor(), fixture.ActsFor[SecurityFixture.VendorB]),
            new("collectivité IT", SecurityFixture.CollectiviteIt, async () => await SecurityFixture.TokenAsync(api, SecurityFixture.CollectiviteIt), [.. Scopes.AllowedFor(CallerKind.Collectivite)], fixture.ActsFor[SecurityFixture.CollectiviteIt]),
            new("back office", SecurityFixture.BackOffice, async () => await SecurityFixture.TokenAsync(api, SecurityFixture.BackOffice), [.. Scopes.AllowedFor(CallerKind.BackOffice)], null),
            new("expired token", SecurityFixture.VendorA, () => Task.FromResult<string?>(expired), [], null),
            new("wrong scope", SecurityFixture.VendorA, async () => await SecurityFixture.TokenAsync(api, SecurityFixture.VendorA, Scopes.CatalogueRead), [Scopes.CatalogueRead], fixture.ActsFor[SecurityFixture.VendorA]),
            new("revoked mandate", SecurityFixture.VendorC, async () => await SecurityFixture.TokenAsync(api, SecurityFixture.VendorC), Vendor(), fixture.ActsFor[SecurityFixture.VendorC]),
        ];
    }

    private enum Outcome { Ok, Unauthorized, Forbidden, NotFound, Handled }

    /// <summary>The URLs to try for one endpoint and caller, each with what must come back.</summary>
    private async Task<List<(string Url, Outcome Expected)>> CasesAsync(Endpoint endpoint, CallerCase caller)
    {
        Outcome Gate()
        {
            if (endpoint.Anonymous)
            {
                return Outcome.Ok;
            }

            if (caller.Scopes.Length == 0)
            {
                return Outcome.Unauthorized;
            }

            return endpoint.Scope is { } scope && !caller.Scopes.Contains(scope) ? Outcome.Forbidden : Outcome.Ok;
        }

        var gate = Gate();
        if (PublicOutsideVersions.TryGetValue(endpoint.Pattern, out var filter))
        {
            Assert.True(endpoint.Anonymous && endpoint.Scope is null, $"{endpoint.Pattern} is public on purpose: [AllowAnonymous], no scope");
            return [("/" + endpoint.Pattern, Outcome.Ok), ("/" + endpoint.Pattern + filter, Outcome.Ok)];
        }

        // Function parameters: a year with a plan being prepared (Perimetres(…)/Plan(year=…)), a year with data
        // (Collectivites(…)/Bilan(year=…), PeerComparison).
        var year = endpoint.Pattern.StartsWith("Perimetres", StringComparison.Ordinal) || endpoint.Pattern.Contains("/Perimetres", StringComparison.Ordinal) ? DateTime.UtcNow.Year + 1 : 2026;
        var pattern = endpoint.Pattern.Replace("{year}", year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (!pattern.Contains('{', StringComparison.Ordinal))
        {
            // Collections, $count, $metadata, lists of the admin API; writes get a body that authorization
            // lets through and validation refuses (no state changes in the matrix). Verifying a token by GET
            // needs one: an invalid token is a 200 with the verdict "malformed".
            var query = VersionPrefix().Replace(pattern, "") == "Attestations/Verify" && endpoint.Method == "GET" ? "?token=not-a-token" : "";
            return [("/" + pattern + query, gate == Outcome.Ok && endpoint.Method != "GET" ? Outcome.Handled : gate)];
        }

        if (endpoint.EntitySet is null)
        {
            // Admin API with a client id: an unknown client is a 404 once authorization passed.
            return [("/" + pattern.Replace("{clientId}", "no-such-client", StringComparison.Ordinal), gate == Outcome.Ok ? Outcome.NotFound : gate)];
        }

        if (PublicSets.Contains(endpoint.EntitySet) || SharedSets.Contains(endpoint.EntitySet))
        {
            var key = endpoint.EntitySet == "Communes" ? (pattern.Contains("({key})", StringComparison.Ordinal) ? "'59350'" : "59350") : "1";
            return [("/" + pattern.Replace("{key}", key, StringComparison.Ordinal), gate)];
        }

        if (BackOfficeSets.Contains(endpoint.EntitySet))
        {
            return [("/" + pattern.Replace("{key}", "999999", StringComparison.Ordinal), gate == Outcome.Ok ? Outcome.NotFound : gate)];
        }

        if (MembershipSets.Contains(endpoint.EntitySet))
        {
            var (ownPerimetre, foreignPerimetre) = await PerimetresOfAsync(caller);
            var membership = new List<(string, Outcome)>
            {
                ("/" + pattern.Replace("{key}", foreignPerimetre.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), gate != Outcome.Ok ? gate : caller.ActsFor is null ? Outcome.Ok : Outcome.NotFound),
            };
            if (ownPerimetre is { } ownKey)
            {
                membership.Add(("/" + pattern.Replace("{key}", ownKey.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), gate));
            }

            return membership;
        }

        Assert.True(TenantColumn.ContainsKey(endpoint.EntitySet), $"No matrix rule for entity set {endpoint.EntitySet} ({pattern}): add it to TenantColumn or PublicSets.");
        var own = caller.ActsFor is { Length: > 0 } acts ? acts[0] : 1;
        var foreign = Enumerable.Range(1, 30).First(c => caller.ActsFor is null ? c == 6 : !caller.ActsFor.Contains(c));
        var cases = new List<(string, Outcome)>();
        if (endpoint.Method != "GET")
        {
            // Keyed writes (Mandates(…)/Revoke) change state: the matrix only checks that authorization lets
            // the caller through to a 404 on a key that does not exist. MandateTests exercises them for real.
            return [("/" + pattern.Replace("{key}", "999999", StringComparison.Ordinal), gate == Outcome.Ok ? Outcome.NotFound : gate)];
        }

        foreach (var (collectivite, visible) in new[] { (own, true), (foreign, caller.ActsFor is null) })
        {
            var key = await KeyOfAsync(endpoint.EntitySet, collectivite, caller.ClientId);
            var expected = gate != Outcome.Ok ? gate : visible ? Outcome.Ok : Outcome.NotFound;
            cases.Add(("/" + pattern.Replace("{key}", key.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), expected));
        }

        return cases;
    }

    private async Task<int> KeyOfAsync(string entitySet, int collectivite, string? clientId)
    {
        await using var db = fixture.NewDbContext();
        return entitySet switch
        {
            "Agents" => await db.Agents.Where(a => a.CollectiviteId == collectivite).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(),
            // A vendor's view of mandates is the ones it holds; others see their collectivité's.
            "Mandates" => await db.Mandates.Where(m => m.CollectiviteId == collectivite).OrderBy(m => m.ClientId == clientId ? 0 : 1).ThenBy(m => m.Id).Select(m => m.Id).FirstOrDefaultAsync() is var id and > 0 ? id : 999_999,
            "Collectivites" => collectivite,
            "Enrolments" => await db.Enrolments.Where(e => e.CollectiviteId == collectivite).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync(),
            "Attestations" => await AttestationOfAsync(db, collectivite),
            "AttendanceRecords" => await AttendanceRecordOfAsync(db, collectivite),
            "TrainingNeeds" => await NeedOfAsync(db, collectivite),
            "ModuleProgress" => checked((int)await db.ElearningProgress.Where(p => p.CollectiviteId == collectivite).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync()),
            "TutorRequests" => await TutorRequestOfAsync(db, collectivite),
            _ => throw new InvalidOperationException(entitySet),
        };
    }

    /// <summary>A need of the collectivité (one is recorded for the matrix if the seed has none).</summary>
    private static async Task<int> NeedOfAsync(CnfptDbContext db, int collectivite)
    {
        var id = await db.TrainingNeeds.Where(n => n.CollectiviteId == collectivite).OrderBy(n => n.Id).Select(n => n.Id).FirstOrDefaultAsync();
        if (id > 0)
        {
            return id;
        }

        var need = new TrainingNeed { CollectiviteId = collectivite, Year = DateTime.UtcNow.Year + 1, CourseId = 1, AgentCount = 1, Status = NeedStatus.Submitted, SubmittedAt = DateTimeOffset.UtcNow };
        db.TrainingNeeds.Add(need);
        await db.SaveChangesAsync();
        return need.Id;
    }

    /// <summary>A tutor request of the collectivité (recorded for the matrix: the seed has none).</summary>
    private static async Task<int> TutorRequestOfAsync(CnfptDbContext db, int collectivite)
    {
        var id = await db.TutorRequests.Where(t => t.CollectiviteId == collectivite).OrderBy(t => t.Id).Select(t => t.Id).FirstOrDefaultAsync();
        if (id > 0)
        {
            return id;
        }

        var agent = await db.Agents.Where(a => a.CollectiviteId == collectivite).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
        var request = new TutorRequest { AgentId = agent, CollectiviteId = collectivite, ModuleId = 1, Message = "matrix", Status = TutorRequestStatus.Open, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "matrix" };
        db.TutorRequests.Add(request);
        await db.SaveChangesAsync();
        return request.Id;
    }

    /// <summary>A périmètre with a member the caller acts for (if any), and one with none (ground truth from the database).</summary>
    private async Task<(int? Own, int Foreign)> PerimetresOfAsync(CallerCase caller)
    {
        await using var db = fixture.NewDbContext();
        var acts = caller.ActsFor ?? [];
        var own = await db.Collectivites.Where(c => acts.Contains(c.Id) && c.PerimetreId != null).OrderBy(c => c.Id).Select(c => c.PerimetreId).FirstOrDefaultAsync();
        var foreign = await db.Perimetres.Where(p => !p.Members.Any(m => acts.Contains(m.Id))).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        return (caller.ActsFor is null ? foreign : own, foreign);
    }

    /// <summary>An attestation of the collectivité (the seed has none): signed with a throwaway key, enough to read it and render its PDF.</summary>
    private static async Task<int> AttestationOfAsync(CnfptDbContext db, int collectivite)
    {
        var existing = await db.Attestations.Where(a => a.CollectiviteId == collectivite).OrderBy(a => a.Id).Select(a => a.Id).FirstOrDefaultAsync();
        if (existing > 0)
        {
            return existing;
        }

        var e = await db.Enrolments.Include(x => x.Agent).Include(x => x.Collectivite).Include(x => x.Session!).ThenInclude(s => s.Course)
            .Where(x => x.CollectiviteId == collectivite).OrderBy(x => x.Id).FirstAsync();
        var number = string.Create(CultureInfo.InvariantCulture, $"AT-MATRIX-{e.Id:000000}");
        var facts = new AttestationFacts(number, DateTimeOffset.UtcNow, e.AgentId, e.Agent!.LastName, e.Agent.FirstName, e.Agent.Category, e.Agent.EmployerReference,
            collectivite, e.Collectivite!.Name, e.Collectivite.Siren, e.Session!.Course!.Code, e.Session.Course.Title, e.SessionId, e.Session.StartDate, e.Session.EndDate,
            e.Session.Venue, "Lille", "Délégation", 2, 2, e.ObligationKind, null);
        var key = AttestationKey.Generate();
        var attestation = new Attestation
        {
            Number = number, EnrolmentId = e.Id, CollectiviteId = collectivite, AgentId = e.AgentId, SessionId = e.SessionId, IssuedAt = facts.IssuedAt,
            HalfDaysAttended = 2, DaysAttended = 1, Status = AttestationStatus.Valid, KeyId = key.KeyId,
            SignedToken = new AttestationSigner(new AttestationKeyRing([key]), "https://matrix.test").Sign(facts),
        };
        db.Attestations.Add(attestation);
        await db.SaveChangesAsync();
        return attestation.Id;
    }

    private static async Task<int> AttendanceRecordOfAsync(CnfptDbContext db, int collectivite)
    {
        var existing = await db.AttendanceRecords.Where(a => a.CollectiviteId == collectivite).OrderBy(a => a.Id).Select(a => a.Id).FirstOrDefaultAsync();
        if (existing > 0)
        {
            return checked((int)existing);
        }

        var e = await db.Enrolments.Include(x => x.Session).Where(x => x.CollectiviteId == collectivite).OrderBy(x => x.Id).FirstAsync();
        var record = new AttendanceRecord { EnrolmentId = e.Id, CollectiviteId = collectivite, Date = e.Session!.StartDate, HalfDay = HalfDay.Morning, Present = true, RecordedAt = DateTimeOffset.UtcNow, RecordedBy = "matrix" };
        db.AttendanceRecords.Add(record);
        await db.SaveChangesAsync();
        return checked((int)record.Id);
    }

    private async Task<string?> CheckAsync(Endpoint endpoint, CallerCase caller, string? token, string url, Outcome expected)
    {
        using var client = token is null ? fixture.Api.CreateClient() : fixture.ClientWith(token);
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), new Uri(url, UriKind.Relative));
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
        {
            // Valid JSON that no write accepts: passes authorization, fails validation.
            request.Content = new StringContent("""{"collectiviteId": 1, "clientId": "no-such-client", "displayName": "", "kind": "Vendor", "scopes": []}""", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("StackTrace", StringComparison.OrdinalIgnoreCase))
        {
            return "stack trace in the body";
        }

        switch (expected)
        {
            case Outcome.Unauthorized when status != 401 || response.Headers.WwwAuthenticate.Count == 0:
                return $"expected 401 with WWW-Authenticate, got {status}";
            case Outcome.Forbidden when status != 403 || !body.Contains(endpoint.Scope!, StringComparison.Ordinal):
                return $"expected 403 naming {endpoint.Scope}, got {status}: {body}";
            case Outcome.NotFound when status != 404:
                return $"expected 404, got {status}: {Truncate(body)}";
            case Outcome.Handled when status is 401 or >= 500 || (status == 403 && !body.Contains("not-mandated", StringComparison.Ordinal)):
                return $"expected authorization to pass, got {status}: {Truncate(body)}";
            case Outcome.Ok when status != 200:
                return $"expected 200, got {status}: {Truncate(body)}";
            case Outcome.Ok when response.Content.Headers.ContentType?.MediaType is "application/pdf" or "application/vc+jwt":
                return null; // a document of a row whose visibility the key's case already decided
            case Outcome.Ok:
                return LeakIn(endpoint, caller, body);
            default:
                return null;
        }
    }

    /// <summary>A row of a collectivité the caller does not act for, in a 200 answer, is a leak.</summary>
    private string? LeakIn(Endpoint endpoint, CallerCase caller, string body)
    {
        if (caller.ActsFor is not null && endpoint.Pattern.Contains("Rollout", StringComparison.Ordinal))
        {
            var foreign = JsonDocument.Parse(body).RootElement.GetProperty("collectivites").EnumerateArray()
                .Select(c => c.GetProperty("collectiviteId").GetInt32()).Where(id => !caller.ActsFor.Contains(id)).ToList();
            return foreign.Count == 0 ? null : $"LEAK: rollout figures of collectivité {foreign[0]}";
        }

        if (caller.ActsFor is not null && endpoint.EntitySet is { } set && MembershipSets.Contains(set))
        {
            return MembershipLeak(endpoint, caller, body);
        }

        if (caller.ActsFor is null || endpoint.EntitySet is null || !TenantColumn.TryGetValue(endpoint.EntitySet, out var column)
            || endpoint.Pattern.EndsWith("$count", StringComparison.Ordinal))
        {
            // $count of a whole entity set is compared with the database; a navigation's $count (events of one
            // enrolment) is reached through a key already checked for visibility.
            return VersionPrefix().Replace(endpoint.Pattern, "") == $"{endpoint.EntitySet}/$count" && caller.ActsFor is not null && endpoint.EntitySet is not null
                && TenantColumn.ContainsKey(endpoint.EntitySet)
                ? CountLeak(endpoint.EntitySet, caller, body)
                : null;
        }

        var root = JsonDocument.Parse(body).RootElement;
        var rows = root.TryGetProperty("value", out var value) ? value.EnumerateArray().ToList() : [root];
        // A vendor sees the mandates it holds (also revoked or expired ones); everyone else sees rows of the
        // collectivités they act for.
        var leaked = endpoint.EntitySet == "Mandates" && IsVendor(caller)
            ? rows.Where(r => r.GetProperty("clientId").GetString() != caller.ClientId).ToList()
            : rows.Where(r => (r.TryGetProperty(column, out var c) || r.TryGetProperty("collectiviteId", out c)) && !caller.ActsFor.Contains(c.GetInt32())).ToList();
        return leaked.Count == 0 ? null : $"LEAK: {leaked.Count} row(s) of other collectivités: {leaked[0]}";
    }

    /// <summary>Périmètres: only those with a member the caller acts for; plans: agent names only of those members.</summary>
    private string? MembershipLeak(Endpoint endpoint, CallerCase caller, string body)
    {
        var acts = caller.ActsFor!;
        if (endpoint.Pattern.Contains("Plan", StringComparison.Ordinal))
        {
            if (!body.TrimStart().StartsWith('{'))
            {
                return null; // CSV and PDF exports are built from the same plan as the JSON
            }

            var named = JsonDocument.Parse(body).RootElement.GetProperty("value").EnumerateArray()
                .SelectMany(l => l.GetProperty("collectivites").EnumerateArray())
                .Where(c => c.GetProperty("agents").GetArrayLength() > 0 && !acts.Contains(c.GetProperty("collectiviteId").GetInt32()))
                .ToList();
            return named.Count == 0 ? null : $"LEAK: agent names of collectivité {named[0].GetProperty("collectiviteId")}";
        }

        if (endpoint.Pattern.EndsWith("$count", StringComparison.Ordinal))
        {
            return null;
        }

        using var db = fixture.NewDbContext();
        var visible = db.Perimetres.Where(p => p.Members.Any(m => acts.Contains(m.Id))).Select(p => p.Id).ToHashSet();
        var root = JsonDocument.Parse(body).RootElement;
        var rows = root.TryGetProperty("value", out var value) ? value.EnumerateArray().ToList() : [root];
        var leaked = rows.Where(r => !visible.Contains(r.GetProperty("id").GetInt32())).ToList();
        return leaked.Count == 0 ? null : $"LEAK: périmètre {leaked[0].GetProperty("id")} has no member the caller acts for";
    }

    private string? CountLeak(string entitySet, CallerCase caller, string body)
    {
        using var db = fixture.NewDbContext();
        var acts = caller.ActsFor!;
        var expected = entitySet switch
        {
            "Agents" => db.Agents.Count(a => acts.Contains(a.CollectiviteId)),
            "Collectivites" => db.Collectivites.Count(c => acts.Contains(c.Id)),
            "Enrolments" => db.Enrolments.Count(e => acts.Contains(e.CollectiviteId)),
            "TrainingNeeds" => db.TrainingNeeds.Count(n => acts.Contains(n.CollectiviteId)),
            "Attestations" => db.Attestations.Count(e => acts.Contains(e.CollectiviteId)),
            "AttendanceRecords" => db.AttendanceRecords.Count(e => acts.Contains(e.CollectiviteId)),
            // Which obligations apply depends on the agents alone (status, appointment), not on the days done.
            "TrainingObligations" => db.Agents.Where(a => acts.Contains(a.CollectiviteId)).AsEnumerable()
                .Sum(a => TrainingObligations.Evaluate(new ObligationProfile(a.Category, a.Status, a.AppointmentDate, a.ResponsibilityPostDate), [], FrenchFormat.ParisDay(DateTimeOffset.UtcNow)).Count),
            "Mandates" => IsVendor(caller)
                ? db.Mandates.Count(m => m.ClientId == caller.ClientId)
                : db.Mandates.Count(m => acts.Contains(m.CollectiviteId)),
            "ModuleProgress" => db.ElearningProgress.Count(p => acts.Contains(p.CollectiviteId)),
            "TutorRequests" => db.TutorRequests.Count(t => acts.Contains(t.CollectiviteId)),
            _ => -1,
        };
        return int.Parse(body, CultureInfo.InvariantCulture) == expected ? null : $"LEAK: $count is {body}, the caller acts for {expected} rows";
    }

    private static bool IsVendor(CallerCase caller) => caller.ClientId is SecurityFixture.VendorA or SecurityFixture.VendorB or SecurityFixture.VendorC;

    private static string Truncate(string body) => body.Length > 300 ? body[..300] + "…" : body;

    [System.Text.RegularExpressions.GeneratedRegex("^v[0-9]+(/|$)")]
    private static partial System.Text.RegularExpressions.Regex VersionPrefix();
}
