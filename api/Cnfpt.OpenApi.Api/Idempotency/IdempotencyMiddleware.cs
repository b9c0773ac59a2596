using System.Buffers;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Npgsql;
using OpenIddict.Abstractions;

namespace Cnfpt.OpenApi.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on writes (POST, PUT, PATCH, DELETE) of authenticated clients: the first request
/// under a key runs and its answer is kept; a retry with the same key and the same request gets that answer
/// again (<c>Idempotent-Replayed: true</c>) instead of writing twice. docs/idempotency.md is the contract.
/// </summary>
/// <remarks>
/// The key is claimed by inserting its row, committed before the request runs: the primary key
/// (client id, key) is the lock, so duplicates on any instance sharing the database see the claim (409 while it
/// runs, the replay once it is done). The claim, the stored answer and the release are short transactions of
/// their own, never the endpoint's: a request that fails rolls back its own writes and its claim is deleted,
/// so that the retry runs it again.
/// </remarks>
internal sealed class IdempotencyMiddleware(
    RequestDelegate next,
    IDbContextFactory<CnfptDbContext> contexts,
    IOptions<IdempotencyOptions> options,
    TimeProvider clock,
    IProblemDetailsService problems,
    ILogger<IdempotencyMiddleware> logger)
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    // Claims may appear and vanish under a key between our read and our insert (a duplicate claiming it, a
    // failing duplicate releasing it): a few rounds settle it, more would mean a client hammering one key.
    private const int MaxClaimRounds = 4;

    /// <summary>Response headers a replay repeats: they say what the first request created and its version.</summary>
    internal static readonly string[] KeptHeaders = [HeaderNames.Location, HeaderNames.ContentLocation, HeaderNames.ETag, "OData-EntityId", "OData-Version"];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // Anonymous callers have no partition to keep keys in: the header is ignored, the request runs.
        // A request that matched no endpoint executes nothing, so there is nothing to protect either.
        if (!IsWrite(request.Method)
            || !request.Headers.TryGetValue(KeyHeader, out var values)
            || context.User.Identity?.IsAuthenticated != true
            || context.User.GetClaim(OpenIddictConstants.Claims.Subject) is not { Length: > 0 } clientId
            || context.GetEndpoint() is null)
        {
            await next(context);
            return;
        }

        if (values.Count != 1 || !IsValidKey(values[0]))
        {
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, ProblemCodes.InvalidIdempotencyKey,
                $"{KeyHeader} must be one value of 1 to {MaxKeyLength} visible ASCII characters (a UUID is a good choice).");
            return;
        }

        var key = values[0]!;
        var hash = await HashAsync(request, context.RequestAborted);
        for (var round = 0; round < MaxClaimRounds; round++)
        {
            var existing = await FindAsync(clientId, key, context.RequestAborted);
            if (existing is null)
            {
                var claim = NewClaim(clientId, key, hash);
                if (await TryClaimAsync(claim))
                {
                    await ExecuteAsync(context, claim);
                    return;
                }

                continue; // a duplicate claimed the key after our read: read its row
            }

            if (existing.ExpiresAt <= clock.GetUtcNow())
            {
                await DeleteExpiredAsync(existing, context.RequestAborted);
                continue;
            }

            if (!string.Equals(existing.RequestHash, hash, StringComparison.Ordinal))
            {
                Log.IdempotencyKeyReused(logger, clientId, key, request.Method, request.Path);
                await WriteProblemAsync(context, StatusCodes.Status422UnprocessableEntity, ProblemCodes.IdempotencyKeyReused,
                    $"This {KeyHeader} was already used with another request (method, path, query or body differ). Use a new key for a new request.");
                return;
            }

            if (existing.StatusCode is null)
            {
                break;
            }

            await ReplayAsync(context, existing);
            return;
        }

        Log.IdempotencyInProgress(logger, clientId, key, request.Method, request.Path);
        context.Response.Headers.RetryAfter = "1";
        await WriteProblemAsync(context, StatusCodes.Status409Conflict, ProblemCodes.IdempotencyInProgress,
            $"A request with this {KeyHeader} is still running. Retry after Retry-After seconds to get its answer.");
    }

    internal static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>1 to 255 visible ASCII characters (RFC 9110 VCHAR): fits the column and any log line.</summary>
    internal static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= '!' and <= '~');

    /// <summary>SHA-256 of method, path, query and body; the body is buffered and rewound for the endpoint.</summary>
    internal static async Task<string> HashAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method.ToUpperInvariant()} {request.PathBase}{request.Path}{request.QueryString}\n"));
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
            {
                sha.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private IdempotencyRecord NewClaim(string clientId, string key, string hash)
    {
        // Whole milliseconds: the claim is later matched on CreatedAt, which must survive the round trip
        // through every provider's timestamp precision.
        var now = clock.GetUtcNow();
        var createdAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        return new IdempotencyRecord
        {
            ClientId = clientId,
            Key = key,
            RequestHash = hash,
            CreatedAt = createdAt,
            ExpiresAt = createdAt + options.Value.InProgressTimeout,
        };
    }

    private async Task<IdempotencyRecord?> FindAsync(string clientId, string key, CancellationToken cancellationToken)
    {
        await using var db = await NewContextAsync();
        return await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.ClientId == clientId && r.Key == key, cancellationToken);
    }

    /// <summary>Inserts the claim in its own committed transaction; false when the key is already taken.</summary>
    private async Task<bool> TryClaimAsync(IdempotencyRecord claim)
    {
        await using var db = await NewContextAsync();
        db.IdempotencyRecords.Add(claim);
        try
        {
            // Not cancellable: a claim committed after the client left would block its key until it times out.
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            return false;
        }
    }

    private static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException s => s.SqliteErrorCode == 19, // SQLITE_CONSTRAINT (the sandbox)
        _ => false,
    };

    /// <summary>Runs the request into a buffer, stores or releases the claim, then sends the answer.</summary>
    private async Task ExecuteAsync(HttpContext context, IdempotencyRecord claim)
    {
        var response = context.Response;
        var clientBody = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            await ReleaseAsync(claim, null);
            throw;
        }
        finally
        {
            response.Body = clientBody;
        }

        // Stored before the answer is sent: a client that lost the connection and retries at once gets the
        // replay, never a 409 for a request that is already over.
        if (Keeps(response.StatusCode))
        {
            await CompleteAsync(claim, response, buffer.ToArray());
        }
        else
        {
            await ReleaseAsync(claim, response.StatusCode);
        }

        if (buffer.Length > 0)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(clientBody, context.RequestAborted);
        }
    }

    /// <summary>
    /// Kept: every answer but 5xx and 429. A 5xx rolled back (or never made) the request's writes and a 429
    /// executed nothing, so the retry must run again. A 4xx is the endpoint's decision on this very request:
    /// replayed like a success, so that one key always means one outcome.
    /// </summary>
    internal static bool Keeps(int statusCode) => statusCode < 500 && statusCode != StatusCodes.Status429TooManyRequests;

    private async Task CompleteAsync(IdempotencyRecord claim, HttpResponse response, byte[] body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in KeptHeaders)
        {
            if (response.Headers.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value))
            {
                headers[name] = value.ToString();
            }
        }

        var status = response.StatusCode;
        var contentType = response.ContentType;
        var headersJson = headers.Count == 0 ? null : JsonSerializer.Serialize(headers);
        var completedAt = clock.GetUtcNow();
        var expiresAt = claim.CreatedAt + options.Value.Retention;
        try
        {
            await using var db = await NewContextAsync();
            // Matched on CreatedAt too: if this request outlived InProgressTimeout and a retry took the key
            // over, that retry's row is not ours to complete.
            var updated = await Mine(db, claim).ExecuteUpdateAsync(
                s => s.SetProperty(r => r.StatusCode, status)
                    .SetProperty(r => r.ContentType, contentType)
                    .SetProperty(r => r.ResponseBody, body)
                    .SetProperty(r => r.ResponseHeaders, headersJson)
                    .SetProperty(r => r.CompletedAt, completedAt)
                    .SetProperty(r => r.ExpiresAt, expiresAt),
                CancellationToken.None);
            if (updated == 0)
            {
                Log.IdempotencyClaimLost(logger, claim.ClientId, claim.Key, options.Value.InProgressTimeout.TotalSeconds);
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            // The answer still goes out; the claim blocks the key (409) until InProgressTimeout, then a retry
            // runs again.
            Log.IdempotencyStoreFailed(logger, e, claim.ClientId, claim.Key, status);
        }
    }

    private async Task ReleaseAsync(IdempotencyRecord claim, int? statusCode)
    {
        try
        {
            await using var db = await NewContextAsync();
            await Mine(db, claim).ExecuteDeleteAsync(CancellationToken.None);
            Log.IdempotencyReleased(logger, claim.ClientId, claim.Key, statusCode);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            Log.IdempotencyReleaseFailed(logger, e, claim.ClientId, claim.Key);
        }
    }

    private static IQueryable<IdempotencyRecord> Mine(CnfptDbContext db, IdempotencyRecord claim) =>
        db.IdempotencyRecords.Where(r => r.ClientId == claim.ClientId && r.Key == claim.Key && r.CreatedAt == claim.CreatedAt && r.StatusCode == null);

    private async Task DeleteExpiredAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await NewContextAsync();
        await db.IdempotencyRecords
            .Where(r => r.ClientId == record.ClientId && r.Key == record.Key && r.ExpiresAt <= now)
            .ExecuteDeleteAsync(cancellationToken);
    }

    private async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        Log.IdempotencyReplayed(logger, record.ClientId, record.Key, context.Request.Method, context.Request.Path, record.StatusCode!.Value);
        var response = context.Response;
        response.StatusCode = record.StatusCode.Value;
        if (record.ContentType is { } contentType)
        {
            response.ContentType = contentType;
        }

        if (record.ResponseHeaders is { } json)
        {
            foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [])
            {
                response.Headers[name] = value;
            }
        }

        response.Headers[ReplayedHeader] = "true";
        if (record.ResponseBody is { Length: > 0 } body)
        {
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private async Task WriteProblemAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ProblemDetailsSetup.Create(status, code, detail, KeyHeader),
        });
    }

    private async Task<CnfptDbContext> NewContextAsync()
    {
        // Short-lived contexts of our own, never the request's: their transactions commit whatever the
        // endpoint's do. Idempotency rows belong to clients, not collectivités.
        var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        db.Tenant = TenantScope.All;
        return db;
    }
}
