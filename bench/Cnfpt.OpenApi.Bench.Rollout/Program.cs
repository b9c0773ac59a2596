using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Cnfpt.OpenApi.Bench.Rollout;

/// <summary>
/// A programme rolled out to 33 000 agents at once: every agent enrolled through <c>POST /v1/$batch</c> (100 inner
/// POSTs per batch, each with its Idempotency-Key), several batches in flight, on PostgreSQL; then SQL checks
/// that there are exactly as many enrolments as agents, no duplicate (agent, session) and consistent seat counts.
/// </summary>
internal static class RolloutProgram
{
    private const string ClientId = "rollout-backoffice";
    private const string Secret = "rollout-secret-0123456789abcdef";
    private const double GoalSeconds = 20;

    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var agents = Option(args, "--agents", 33_000);
        var batchSize = Option(args, "--batch-size", 100);
        var concurrency = Option(args, "--concurrency", 8);
        var seatsPerSession = Option(args, "--seats", 1_000);
        var keys = !args.Contains("--no-keys");
        var viaSdk = args.Contains("--sdk");

        Console.WriteLine("CNFPT OpenAPI — programme rollout through $batch (bulk enrolment) on PostgreSQL");
        Console.WriteLine($"  machine   {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        var server = RolloutDatabase.ServerFromEnvironment();
        var clock = Stopwatch.StartNew();
        var connectionString = await RolloutDatabase.CreateAsync(server);
        Console.WriteLine($"  database  {RolloutDatabase.Name} on {server.Host}:{server.Port}: created, migrated, seeded (scale 1) in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        var agentIds = await InsertAgentsAsync(connectionString, agents);
        Console.WriteLine($"  agents    {agentIds.Count:N0} inserted with binary COPY over the collectivités in {clock.Elapsed.TotalSeconds:F2} s");

        var sessionIds = await CreateSessionsAsync(connectionString, (agents + seatsPerSession - 1) / seatsPerSession, seatsPerSession);
        Console.WriteLine($"  sessions  {sessionIds.Count} e-learning sessions × {seatsPerSession:N0} seats of one programme");

        await using var api = new RolloutHost(connectionString);
        api.StartServer();
        await using (var scope = api.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ClientRegistry>().RegisterAsync(
                new ClientRegistration(ClientId, "Rollout back office", CallerKind.BackOffice, null, Scopes.AllowedFor(CallerKind.BackOffice)), Secret);
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = api.ServerAddress,
            Timeout = TimeSpan.FromMinutes(5),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http));
        Console.WriteLine($"  server    Kestrel in this process on {api.ServerAddress}, back-office client");

        // Agent i goes to session i / seats: a programme's cohorts.
        var work = agentIds.Select((agent, i) => (Agent: agent, Session: sessionIds[i / seatsPerSession])).Chunk(batchSize).ToList();
        var batches = new ConcurrentQueue<(int Agent, int Session)[]>(work);
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<int, int>();
        Console.WriteLine();
        Console.WriteLine($"Enrolling {agentIds.Count:N0} agents: {work.Count} batches of {batchSize} inner POSTs ({(keys ? "each with an Idempotency-Key" : "no Idempotency-Key")}), {concurrency} batches in flight{(viaSdk ? ", through the SDK (EnrolManyAsync)" : "")}…");
        clock.Restart();
        if (viaSdk)
        {
            var (_, sdkStatuses) = await SdkRollout.RunAsync(api.ServerAddress, ClientId, Secret, [.. work.SelectMany(b => b)], concurrency);
            foreach (var (status, count) in sdkStatuses)
            {
                statuses[status] = count;
            }
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (batches.TryDequeue(out var batch))
                {
                    var started = Stopwatch.GetTimestamp();
                    foreach (var status in await SendBatchAsync(http, batch, keys))
                    {
                        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                    }

                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }));
        }

        var wall = clock.Elapsed;

        var sorted = latencies.Order().DefaultIfEmpty(0).ToArray();
        Console.WriteLine($"  wall time        {wall.TotalSeconds:F2} s   (goal ≤ {GoalSeconds} s: {(wall.TotalSeconds <= GoalSeconds ? "met" : "NOT met")})");
        Console.WriteLine($"  throughput       {agentIds.Count / wall.TotalSeconds:F0} enrolments/s, {work.Count / wall.TotalSeconds:F1} batches/s");
        if (!latencies.IsEmpty)
        {
            Console.WriteLine($"  batch latency    p50 {Percentile(sorted, 0.50):F0} ms, p99 {Percentile(sorted, 0.99):F0} ms, max {sorted[^1]:F0} ms");
        }

        Console.WriteLine($"  inner statuses   {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");

        var ok = await VerifyAsync(connectionString, agentIds.Count, sessionIds);
        return ok && statuses.Keys.All(s => s == 201) ? 0 : 1;
    }

    /// <summary>Binary COPY of the agents, spread over every collectivité (round robin).</summary>
    private static async Task<List<int>> InsertAgentsAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var collectivites = new List<int>();
        await using (var read = new NpgsqlCommand("SELECT id FROM collectivites ORDER BY id", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                collectivites.Add(reader.GetInt32(0));
            }
        }

        var before = await MaxAgentIdAsync(connection);
        var now = DateTimeOffset.UtcNow;
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY agents (collectivite_id, employer_reference, last_name, first_name, category, status, cadre_emplois, appointment_date, created_at, updated_at, version) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(collectivites[i % collectivites.Count], NpgsqlDbType.Integer);
                await copy.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"ROLLOUT{i:000000}"), NpgsqlDbType.Varchar);
                await copy.WriteAsync("Déploiement", NpgsqlDbType.Varchar);
                await copy.WriteAsync("Agent", NpgsqlDbType.Varchar);
                await copy.WriteAsync(((AgentCategory)(i % 3)).ToString(), NpgsqlDbType.Varchar);
                await copy.WriteAsync(nameof(AgentStatus.Titulaire), NpgsqlDbType.Varchar);
                await copy.WriteAsync("Adjoint administratif territorial", NpgsqlDbType.Varchar);
                await copy.WriteAsync(new DateOnly(2020, 1, 1), NpgsqlDbType.Date);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
            }

            await copy.CompleteAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE agents", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        var ids = new List<int>(count);
        await using var select = new NpgsqlCommand("SELECT id FROM agents WHERE id > @before ORDER BY id", connection);
        select.Parameters.AddWithValue("before", before);
        await using var rows = await select.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            ids.Add(rows.GetInt32(0));
        }

        return ids;
    }

    private static async Task<int> MaxAgentIdAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM agents", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>E-learning sessions of a course open to every catégorie, starting in two months, open for enrolment.</summary>
    private static async Task<List<int>> CreateSessionsAsync(string connectionString, int count, int seats)
    {
        await using var db = RolloutDatabase.NewContext(connectionString);
        var course = await db.Courses.OrderBy(c => c.Id).FirstAsync(c => c.TargetCategories == TargetCategories.All);
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60);
        var sessions = Enumerable.Range(0, count).Select(i => new Session
        {
            CourseId = course.Id, DelegationId = 1, CommuneCode = "59350", Venue = "En ligne (e-learning)",
            StartDate = start, EndDate = start.AddDays(29), Capacity = seats, Status = SessionStatus.OpenForEnrolment,
        }).ToList();
        db.Sessions.AddRange(sessions);
        await db.SaveChangesAsync();
        return [.. sessions.Select(s => s.Id)];
    }

    private static async Task<string> TokenAsync(HttpClient http)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = ClientId, ["client_secret"] = Secret, ["scope"] = Scopes.EnrolmentsWrite,
        });
        using var response = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"token: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>One JSON batch of independent POST /v1/Enrolments; returns the inner statuses.</summary>
    private static async Task<List<int>> SendBatchAsync(HttpClient http, (int Agent, int Session)[] batch, bool keys)
    {
        var json = new StringBuilder("{\"requests\":[");
        for (var i = 0; i < batch.Length; i++)
        {
            json.Append(CultureInfo.InvariantCulture,
                $"{(i == 0 ? "" : ",")}{{\"id\":\"{i}\",\"method\":\"POST\",\"url\":\"/v1/Enrolments\",\"headers\":{{\"content-type\":\"application/json\"{(keys ? $",\"Idempotency-Key\":\"{Guid.NewGuid()}\"" : "")}}},"
                + $"\"body\":{{\"agentId\":{batch[i].Agent},\"sessionId\":{batch[i].Session},\"motive\":\"Programme national : deploiement\"}}}}");
        }

        json.Append("]}");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/$batch", UriKind.Relative))
        {
            Content = new StringContent(json.ToString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"$batch: {(int)response.StatusCode} {text}");
        }

        using var document = JsonDocument.Parse(text);
        var statuses = document.RootElement.GetProperty("responses").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ToList();
        if (statuses.FirstOrDefault(s => s != 201) is not 0 and var failed)
        {
            var sample = document.RootElement.GetProperty("responses").EnumerateArray().First(r => r.GetProperty("status").GetInt32() == failed);
            Console.Error.WriteLine($"  inner {failed}: {sample}");
        }

        return statuses;
    }

    private static async Task<bool> VerifyAsync(string connectionString, int agents, List<int> sessionIds)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var enrolments = await ScalarAsync(connection, "SELECT count(*) FROM enrolments WHERE session_id = ANY(@s)", sessionIds);
        var duplicates = await ScalarAsync(connection,
            "SELECT count(*) FROM (SELECT agent_id, session_id FROM enrolments WHERE session_id = ANY(@s) GROUP BY agent_id, session_id HAVING count(*) > 1) d", sessionIds);
        var accepted = await ScalarAsync(connection, "SELECT count(*) FROM enrolments WHERE session_id = ANY(@s) AND status = 'Accepted'", sessionIds);
        var seats = await ScalarAsync(connection, "SELECT coalesce(sum(seats_taken), 0) FROM sessions WHERE id = ANY(@s)", sessionIds);
        var inconsistent = await ScalarAsync(connection,
            "SELECT count(*) FROM sessions s WHERE s.id = ANY(@s) AND s.seats_taken <> (SELECT count(*) FROM enrolments e WHERE e.session_id = s.id AND e.status = 'Accepted')", sessionIds);
        var acknowledgements = await ScalarAsync(connection,
            "SELECT count(*) FROM acknowledgements a JOIN enrolments e ON e.id = a.enrolment_id WHERE e.session_id = ANY(@s)", sessionIds);
        var keys = await ScalarAsync(connection, "SELECT count(*) FROM idempotency_records WHERE client_id = @c AND status_code = 201", ClientId);

        var ok = enrolments == agents && duplicates == 0 && accepted == agents && seats == agents && inconsistent == 0 && acknowledgements == agents;
        Console.WriteLine();
        Console.WriteLine($"Verified in SQL: {enrolments:N0} enrolments for {agents:N0} agents, {duplicates} duplicate (agent, session), "
            + $"{accepted:N0} accepted, seats_taken total {seats:N0} ({inconsistent} session inconsistent), {acknowledgements:N0} ARs, {keys:N0} idempotency records → {(ok ? "OK" : "FAILED")}");
        return ok;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, object parameter)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(parameter is string ? "c" : "s", parameter is List<int> ids ? ids.ToArray() : parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
