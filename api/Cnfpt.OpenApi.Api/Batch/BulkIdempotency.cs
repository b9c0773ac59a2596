using System.Text.Json;
using Cnfpt.OpenApi.Api.Idempotency;
using Cnfpt.OpenApi.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Npgsql;

namespace Cnfpt.OpenApi.Api.Batch;

/// <summary>
/// What <see cref="IdempotencyMiddleware"/> does for one request (claim the key, store the answer or release the
/// claim), done for the inner requests of a bulk-enrolment batch in one statement each (PostgreSQL). The rows are
/// the middleware's: same claim (committed before the work), same stored answer, so that a replay, whichever path
/// serves it, answers the same; a key already present (done, running, expired or reused) is not claimed here, and
/// its request goes through the middleware, which decides as it always does.
/// </summary>
internal sealed class BulkIdempotency(IDbContextFactory<CnfptDbContext> contexts, IOptions<IdempotencyOptions> options, TimeProvider clock)
{
    /// <summary>Keys claimed by one call, with the claim's creation instant that later statements match on.</summary>
    public sealed record Claims(string ClientId, DateTimeOffset CreatedAt, IReadOnlySet<string> Keys);

    /// <summary>Inserts the claims of these (key, request hash) pairs that no row holds yet, in one committed statement.</summary>
    public async Task<Claims> ClaimAsync(string clientId, IReadOnlyList<(string Key, string Hash)> requests)
    {
        var now = clock.GetUtcNow();
        var createdAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero); // as the middleware's claims
        if (requests.Count == 0)
        {
            return new Claims(clientId, createdAt, new HashSet<string>());
        }

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        await using var db = await NewContextAsync();
        // Not cancellable, like the middleware's claim: a claim committed after the client left blocks its key until it times out.
        await using var command = await CommandAsync(db,
            """
            INSERT INTO idempotency_records (client_id, key, request_hash, created_at, expires_at)
            SELECT @client, r.key, r.hash, @created, @expires FROM unnest(@keys, @hashes) AS r(key, hash)
            ON CONFLICT (client_id, key) DO NOTHING
            RETURNING key
            """);
        command.Parameters.AddWithValue("client", clientId);
        command.Parameters.AddWithValue("created", createdAt);
        command.Parameters.AddWithValue("expires", createdAt + options.Value.InProgressTimeout);
        command.Parameters.AddWithValue("keys", requests.Select(r => r.Key).ToArray());
        command.Parameters.AddWithValue("hashes", requests.Select(r => r.Hash).ToArray());
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            claimed.Add(reader.GetString(0));
        }

        return new Claims(clientId, createdAt, claimed);
    }

    /// <summary>
    /// Stores the answers of claimed requests (every answer but 5xx and 429, as the middleware keeps) and releases
    /// the claims of the others, so that their retry runs again.
    /// </summary>
    public async Task CompleteAsync(Claims claims, IReadOnlyList<(string Key, HttpResponse Response)> answers)
    {
        var kept = answers.Where(a => IdempotencyMiddleware.Keeps(a.Response.StatusCode)).ToList();
        var released = answers.Where(a => !IdempotencyMiddleware.Keeps(a.Response.StatusCode)).Select(a => a.Key).ToList();
        await using var db = await NewContextAsync();
        if (kept.Count > 0)
        {
            await using var command = await CommandAsync(db,
                """
                UPDATE idempotency_records r
                SET status_code = a.status, content_type = a.content_type, response_body = a.body, response_headers = a.headers,
                    completed_at = @completed, expires_at = @expires
                FROM unnest(@keys, @statuses, @types, @bodies, @headers) AS a(key, status, content_type, body, headers)
                WHERE r.client_id = @client AND r.key = a.key AND r.created_at = @created AND r.status_code IS NULL
                """);
            command.Parameters.AddWithValue("client", claims.ClientId);
            command.Parameters.AddWithValue("created", claims.CreatedAt);
            command.Parameters.AddWithValue("completed", clock.GetUtcNow());
            command.Parameters.AddWithValue("expires", claims.CreatedAt + options.Value.Retention);
            command.Parameters.AddWithValue("keys", kept.Select(a => a.Key).ToArray());
            command.Parameters.AddWithValue("statuses", kept.Select(a => a.Response.StatusCode).ToArray());
            command.Parameters.AddWithValue("types", kept.Select(a => a.Response.ContentType).ToArray());
            command.Parameters.AddWithValue("bodies", kept.Select(a => Body(a.Response)).ToArray());
            command.Parameters.AddWithValue("headers", kept.Select(a => KeptHeaders(a.Response)).ToArray());
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }

        await ReleaseAsync(db, claims, released);
    }

    /// <summary>Deletes these claims (nothing was written for them): their keys run again.</summary>
    public async Task ReleaseAsync(Claims claims)
    {
        await using var db = await NewContextAsync();
        await ReleaseAsync(db, claims, [.. claims.Keys]);
    }

    private static async Task ReleaseAsync(CnfptDbContext db, Claims claims, List<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        await using var command = await CommandAsync(db,
            "DELETE FROM idempotency_records WHERE client_id = @client AND key = ANY(@keys) AND created_at = @created AND status_code IS NULL");
        command.Parameters.AddWithValue("client", claims.ClientId);
        command.Parameters.AddWithValue("created", claims.CreatedAt);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static byte[] Body(HttpResponse response)
    {
        if (response.Body is not { CanSeek: true } body)
        {
            return [];
        }

        var position = body.Position;
        body.Position = 0;
        using var copy = new MemoryStream();
        body.CopyTo(copy);
        body.Position = position;
        return copy.ToArray();
    }

    /// <summary>The response headers a replay repeats, as the middleware stores them (JSON, null when none).</summary>
    private static string? KeptHeaders(HttpResponse response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in IdempotencyMiddleware.KeptHeaders)
        {
            if (response.Headers.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value))
            {
                headers[name] = value.ToString();
            }
        }

        return headers.Count == 0 ? null : JsonSerializer.Serialize(headers);
    }

    private static async Task<NpgsqlCommand> CommandAsync(CnfptDbContext db, string sql)
    {
        await db.Database.OpenConnectionAsync(CancellationToken.None);
        return new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
    }

    private async Task<CnfptDbContext> NewContextAsync()
    {
        var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        db.Tenant = TenantScope.All; // idempotency rows belong to clients, not collectivités
        return db;
    }
}
