using System.Data.Common;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.Idempotency;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OData.Batch;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData;
using OpenIddict.Abstractions;

namespace Cnfpt.OpenApi.Api.Batch;

/// <summary>
/// <c>POST /v1/$batch</c> (OData 4.01 JSON batch, or multipart): up to <c>Batch:MaxOperations</c> inner requests,
/// independent ones and atomicity groups. docs/batch.md is the contract.
/// </summary>
/// <remarks>
/// <para>
/// Where it runs: <c>UseODataBatching()</c> sits after authentication, the bearer rate limiter and tenant
/// resolution, and before routing, authorization and the idempotency middleware. So the batch is authenticated
/// and counted once (a write) by the limiter; each inner request then goes through routing, the scope policies
/// of its own endpoint and the <c>Idempotency-Key</c> middleware exactly as if it were sent alone. AspNetCoreOData
/// builds each inner <see cref="HttpContext"/> from a copy of the batch's features (ODataBatchReaderExtensions
/// .CreateHttpContext): the user comes along, but so would the batch's request services, hence one DbContext
/// (and its change tracker, whose leftovers after a failed write would poison the next request) for the whole
/// batch. This handler therefore gives every inner request a DI scope of its own, with the batch's
/// <see cref="Caller"/> copied in before anything resolves the tenant-scoped <see cref="CnfptDbContext"/>.
/// </para>
/// <para>
/// Atomicity groups (change sets): every request of a group shares ONE scope, hence one DbContext, one
/// connection and one transaction, begun before the first request. <c>EnrolmentWorkflow</c> (and any code that
/// checks <c>Database.CurrentTransaction</c>) joins it instead of committing its own. The group stops at the
/// first request that does not answer 2xx; the transaction is committed only if every request did, rolled back
/// otherwise. A failed group keeps the failing request's answer and answers <c>424 Failed Dependency</c>
/// (code <c>batch-group-failed</c>) for every other request of the group, executed or not: nothing of the group
/// was written (OData 4.01: an atomicity group succeeds or fails as a whole).
/// </para>
/// <para>
/// Idempotency inside a group: the middleware stores an inner request's answer in its own short transaction,
/// before the group commits. When the group is rolled back, the records that this run's requests created
/// (same client, keys of the group, created since the group began, answer not a replay) are deleted before
/// the batch answers, so that retrying the batch with the same keys executes the group again instead of
/// replaying a 201 for a write that was rolled back. Until then (the group's own run, a few milliseconds per
/// request) a concurrent duplicate with the same key may see the not-yet-committed answer: closing that
/// window needs the middleware to defer its completion to the group's outcome.
/// </para>
/// </remarks>
internal sealed partial class CnfptBatchHandler : DefaultODataBatchHandler
{
    public const string MaxOperationsSetting = "Batch:MaxOperations";
    public const int DefaultMaxOperations = 100;

    /// <summary>The problem code of the other requests of a failed atomicity group.</summary>
    public const string GroupFailedCode = "batch-group-failed";

    /// <summary>What the OData reader accepts before this handler counts: above any sane Batch:MaxOperations, so that
    /// a batch one request too large gets its 413 problem rather than the reader's 400. The body limit bounds it anyway.</summary>
    private const int ReaderQuota = 10_000;

    private static readonly string[] IdempotencyRefusals = [ProblemCodes.InvalidIdempotencyKey, ProblemCodes.IdempotencyKeyReused, ProblemCodes.IdempotencyInProgress];

    /// <summary>
    /// Registers the handler in a route component's services, and raises the batch quotas of the OData reader
    /// (100 parts by default, a 400 with the reader's message) so that this handler's count decides.
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<ODataBatchHandler, CnfptBatchHandler>();
        if (services.LastOrDefault(d => d.ServiceType == typeof(ODataMessageReaderSettings)) is { ImplementationFactory: { } defaults } descriptor)
        {
            services.Add(ServiceDescriptor.Describe(typeof(ODataMessageReaderSettings), sp =>
            {
                var settings = (ODataMessageReaderSettings)defaults(sp);
                settings.MessageQuotas.MaxPartsPerBatch = ReaderQuota;
                settings.MessageQuotas.MaxOperationsPerChangeset = ReaderQuota;
                return settings;
            }, descriptor.Lifetime));
        }
    }

    public override async Task ProcessBatchAsync(HttpContext context, RequestDelegate nextHandler)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(nextHandler);
        var services = context.RequestServices;
        if (context.User.Identity?.IsAuthenticated != true)
        {
            // Bulk writes are for authenticated clients; anonymous reads need no batch (and the per-IP limiter
            // would count 100 reads as one).
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteProblemAsync(context, ProblemDetailsSetup.Create(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthorized,
                "$batch needs a bearer token: get one with POST /connect/token (grant_type=client_credentials).", "Authorization"));
            return;
        }

        if (!await ValidateRequest(context.Request))
        {
            return;
        }

        IList<ODataBatchRequestItem> items;
        try
        {
            items = await ParseBatchRequestsAsync(context);
        }
        catch (ODataException e)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed,
                $"The body is not a valid OData batch: {e.Message}", "body", e);
        }

        var max = services.GetRequiredService<IConfiguration>().GetValue(MaxOperationsSetting, DefaultMaxOperations);
        var count = items.Sum(i => i is ChangeSetRequestItem group ? group.Contexts.Count() : 1);
        if (count > max)
        {
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, ProblemCodes.BatchTooLarge,
                $"This batch carries {count} requests; at most {max} are accepted. Split it into several batches.", "requests");
        }

        var run = new Run(
            context,
            services.GetRequiredService<CallerAccessor>().Caller,
            context.User.GetClaim(OpenIddictConstants.Claims.Subject),
            services.GetRequiredService<IServiceScopeFactory>(),
            services.GetRequiredService<ILogger<CnfptBatchHandler>>(),
            nextHandler);
        var bulk = BulkEnrolments.For(run, context);
        var responses = new List<ODataBatchResponseItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (bulk is not null)
            {
                // The fast path takes runs of consecutive independent enrolments, and groups made only of them.
                var rows = new List<BulkEnrolments.Row>();
                while (i + rows.Count < items.Count && items[i + rows.Count] is OperationRequestItem operation && await bulk.ParseAsync(operation.Context) is { } row)
                {
                    rows.Add(row);
                }

                if (rows.Count > 1)
                {
                    responses.AddRange(await bulk.ExecuteIndependentAsync(rows));
                    i += rows.Count - 1;
                    continue;
                }

                if (items[i] is ChangeSetRequestItem changeSet && await ParseAllAsync(bulk, [.. changeSet.Contexts]) is { } groupRows
                    && await bulk.TryExecuteGroupAsync(groupRows) is { } answered)
                {
                    responses.Add(answered);
                    continue;
                }
            }

            responses.Add(items[i] switch
            {
                ChangeSetRequestItem group => await ExecuteGroupAsync(run, [.. group.Contexts]),
                OperationRequestItem operation => await ExecuteOperationAsync(run, operation.Context),
                _ => throw new InvalidOperationException($"Unexpected batch item {items[i].GetType().Name}."),
            });
        }

        await CreateResponseMessageAsync(responses, context.Request);
    }

    private static async Task<List<BulkEnrolments.Row>?> ParseAllAsync(BulkEnrolments bulk, List<HttpContext> group)
    {
        var rows = new List<BulkEnrolments.Row>(group.Count);
        foreach (var inner in group)
        {
            if (await bulk.ParseAsync(inner) is not { } row)
            {
                return null;
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>An independent request: its own scope, its own transaction (the endpoint's), its own outcome.</summary>
    private static async Task<ODataBatchResponseItem> ExecuteOperationAsync(Run run, HttpContext inner)
    {
        await using var scope = run.NewScope();
        await run.SendAsync(inner, scope.ServiceProvider);
        return new OperationResponseItem(inner);
    }

    /// <summary>An atomicity group: one scope, one DbContext, one transaction, all or nothing.</summary>
    private static async Task<ODataBatchResponseItem> ExecuteGroupAsync(Run run, List<HttpContext> group)
    {
        await using var scope = run.NewScope();
        var db = scope.ServiceProvider.GetRequiredService<CnfptDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        // The idempotency middleware truncates its CreatedAt to the millisecond: compare at that precision.
        var startedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        await using var transaction = await db.Database.BeginTransactionAsync(run.Batch.RequestAborted);

        HttpContext? failed = null;
        var executed = 0;
        foreach (var inner in group)
        {
            await run.SendAsync(inner, scope.ServiceProvider);
            executed++;
            if (!IsSuccess(inner.Response.StatusCode))
            {
                failed = inner;
                break;
            }
        }

        var reason = "";
        if (failed is null)
        {
            try
            {
                // Not cancellable: once every request succeeded, the outcome must not depend on the client staying.
                await transaction.CommitAsync(CancellationToken.None);
                return new ChangeSetResponseItem(group);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
            {
                Log.GroupCommitFailed(run.Logger, e, group.Count);
                reason = "The group could not be committed; nothing of it was written. Retry the batch.";
            }
        }
        else
        {
            try
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
            {
                // The connection is broken: PostgreSQL discards the transaction with it.
                Log.GroupRollbackFailed(run.Logger, e);
            }

            reason = GroupFailedReason(failed);
        }

        await run.ForgetKeysAsync(group.Take(executed), startedAt);
        var status = failed is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status424FailedDependency;
        var code = failed is null ? ProblemCodes.ServiceUnavailable : GroupFailedCode;
        foreach (var inner in group.Where(c => !ReferenceEquals(c, failed)))
        {
            await Run.ReplaceWithProblemAsync(inner, scope.ServiceProvider, ProblemDetailsSetup.Create(status, code, reason));
        }

        return new ChangeSetResponseItem(group);
    }

    private static bool IsSuccess(int status) => status is >= 200 and < 300;

    /// <summary>What the other requests of a rolled-back group answer (424).</summary>
    private static string GroupFailedReason(HttpContext failed)
    {
        var id = failed.Request.GetODataContentId();
        return $"Request {(string.IsNullOrEmpty(id) ? "" : $"'{id}' ")}of this atomicity group failed ({failed.Response.StatusCode}); "
            + "the group was rolled back: nothing of it was written. Fix that request, then send the group again (the same Idempotency-Keys run again).";
    }

    private static async Task WriteProblemAsync(HttpContext context, Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status!.Value;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>What every inner request of one batch shares: the caller, the pipeline, the Content-ID map.</summary>
    private sealed class Run(HttpContext batch, Caller caller, string? clientId, IServiceScopeFactory scopes, ILogger logger, RequestDelegate next)
    {
        private readonly Dictionary<string, string> _locations = new(StringComparer.Ordinal);

        public HttpContext Batch { get; } = batch;

        public ILogger Logger { get; } = logger;

        /// <summary>A request scope with the batch's caller, set before the tenant-scoped DbContext is created.</summary>
        public AsyncServiceScope NewScope()
        {
            var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CallerAccessor>().Caller = caller;
            return scope;
        }

        /// <summary>Runs one inner request through the rest of the pipeline (routing, authorization, idempotency, endpoint).</summary>
        public async Task SendAsync(HttpContext inner, IServiceProvider services)
        {
            inner.Features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = services });
            // Also copied from the batch: Kestrel's body pipe, which reads the batch's (consumed) body rather than the
            // inner request's. Without it, BodyReader wraps the inner Body like Body itself (TestServer has none).
            inner.Features.Set<IRequestBodyPipeFeature>(null);
            await ODataBatchRequestItem.SendRequestAsync(GuardedAsync, inner, _locations);
            if (inner.Response.StatusCode >= 400 && inner.Response.Body is { CanSeek: true, Length: 0 })
            {
                // The batch's status-code pages do not see inner requests: give a bare 404 its problem here.
                await WriteProblemAsync(inner, new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = inner.Response.StatusCode });
            }
        }

        /// <summary>Answers one inner request with <paramref name="answer"/> instead of the pipeline (Content-ID mapping kept).</summary>
        public Task AnswerAsync(HttpContext inner, RequestDelegate answer) => ODataBatchRequestItem.SendRequestAsync(answer, inner, _locations);

        private async Task GuardedAsync(HttpContext inner)
        {
            if (!inner.Request.Path.StartsWithSegments(Batch.Request.Path.Value![..Batch.Request.Path.Value!.LastIndexOf('/')], StringComparison.OrdinalIgnoreCase)
                || inner.Request.Path.Value!.EndsWith("/$batch", StringComparison.OrdinalIgnoreCase))
            {
                await WriteProblemAsync(inner, ProblemDetailsSetup.Create(StatusCodes.Status400BadRequest, ProblemCodes.BadRequest,
                    $"An inner request of {Batch.Request.Path} addresses a resource of the same version (and not another $batch).", "url"));
                return;
            }

            try
            {
                await next(inner);
            }
            catch (Exception e) when (e is not OperationCanceledException || !inner.RequestAborted.IsCancellationRequested)
            {
                // What the exception handler does for a request sent alone (it sits before the batch middleware).
                var problem = e switch
                {
                    ApiProblemException p => ProblemDetailsSetup.Create(p.Status, p.Code, p.Message, p.Field),
                    RuleViolationException r => ProblemDetailsSetup.FromRule(r),
                    _ => null,
                };
                if (problem is null)
                {
                    Log.InnerRequestFailed(Logger, e, inner.Request.Method, inner.Request.Path);
                    problem = ProblemDetailsSetup.Create(StatusCodes.Status500InternalServerError, ProblemCodes.InternalError,
                        "The error was logged with the traceId of this response; quote it when you contact support.");
                }

                inner.Response.Clear();
                await WriteProblemAsync(inner, problem);
            }
        }

        public static async Task ReplaceWithProblemAsync(HttpContext inner, IServiceProvider services, Microsoft.AspNetCore.Mvc.ProblemDetails problem)
        {
            inner.Features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = services });
            inner.Response.Clear();
            await WriteProblemAsync(inner, problem);
        }

        /// <summary>
        /// Deletes the idempotency records that the executed requests of a rolled-back group created, so that
        /// their keys run again. Not ours: a replayed answer (an earlier, committed run) and the middleware's own
        /// refusals (another run holds or used the key).
        /// </summary>
        public async Task ForgetKeysAsync(IEnumerable<HttpContext> executed, DateTimeOffset startedAt)
        {
            if (clientId is null)
            {
                return;
            }

            var keys = executed
                .Where(c => c.Request.Headers.TryGetValue(IdempotencyMiddleware.KeyHeader, out var key) && key.Count == 1
                    && !c.Response.Headers.ContainsKey(IdempotencyMiddleware.ReplayedHeader)
                    && !IsIdempotencyRefusal(c.Response))
                .Select(c => c.Request.Headers[IdempotencyMiddleware.KeyHeader].ToString())
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (keys.Count == 0)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CnfptDbContext>>().CreateDbContextAsync(CancellationToken.None);
                db.Tenant = TenantScope.All; // idempotency records belong to clients, not collectivités
                var deleted = await db.IdempotencyRecords
                    .Where(r => r.ClientId == clientId && keys.Contains(r.Key) && r.CreatedAt >= startedAt)
                    .ExecuteDeleteAsync(CancellationToken.None);
                Log.GroupKeysForgotten(Logger, clientId, deleted);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
            {
                Log.GroupKeysNotForgotten(Logger, e, clientId, string.Join(", ", keys));
            }
        }

        private static bool IsIdempotencyRefusal(HttpResponse response)
        {
            if (response.StatusCode is not (StatusCodes.Status400BadRequest or StatusCodes.Status409Conflict or StatusCodes.Status422UnprocessableEntity)
                || response.Body is not { CanSeek: true, Length: > 0 } body)
            {
                return false;
            }

            body.Position = 0;
            try
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("code", out var code)
                    && IdempotencyRefusals.Contains(code.GetString());
            }
            catch (JsonException)
            {
                return false;
            }
            finally
            {
                body.Position = 0;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(401, LogLevel.Error, "$batch: inner request {Method} {Path} threw")]
        public static partial void InnerRequestFailed(ILogger logger, Exception exception, string method, PathString path);

        [LoggerMessage(402, LogLevel.Error, "$batch: an atomicity group of {Count} requests succeeded but its commit failed")]
        public static partial void GroupCommitFailed(ILogger logger, Exception exception, int count);

        [LoggerMessage(403, LogLevel.Warning, "$batch: rolling back an atomicity group failed (the connection is gone, and its transaction with it)")]
        public static partial void GroupRollbackFailed(ILogger logger, Exception exception);

        [LoggerMessage(404, LogLevel.Information, "$batch: atomicity group of {ClientId} rolled back, {Count} idempotency records of its requests deleted")]
        public static partial void GroupKeysForgotten(ILogger logger, string clientId, int count);

        [LoggerMessage(405, LogLevel.Warning, "$batch: atomicity group of {ClientId} rolled back, but the idempotency records of keys {Keys} could not be deleted: retries replay them until they expire")]
        public static partial void GroupKeysNotForgotten(ILogger logger, Exception exception, string clientId, string keys);

        [LoggerMessage(406, LogLevel.Warning, "$batch: the bulk submission of {Count} enrolments failed; they run one by one")]
        public static partial void BulkSubmissionFailed(ILogger logger, Exception exception, int count);

        [LoggerMessage(407, LogLevel.Error, "$batch: inner request {Path} answered {Status} without using its prepared (already written) outcome")]
        public static partial void PreparedOutcomeUnused(ILogger logger, PathString path, int status);

        [LoggerMessage(408, LogLevel.Warning, "$batch: the pipeline's answer ({Status}) to a created enrolment is not what CreatedEnrolmentAnswer writes: this batch's answers come from the pipeline (slower); update CreatedEnrolmentAnswer")]
        public static partial void CreatedAnswerDiffers(ILogger logger, int status);
    }
}
