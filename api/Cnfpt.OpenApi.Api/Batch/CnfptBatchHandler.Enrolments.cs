using System.Data.Common;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.Idempotency;
using Cnfpt.OpenApi.Api.Versioning;
using Cnfpt.OpenApi.Core.Enrolments;
using Microsoft.AspNetCore.OData.Batch;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OpenIddict.Abstractions;

namespace Cnfpt.OpenApi.Api.Batch;

internal sealed partial class CnfptBatchHandler
{
    public const string BulkEnrolmentsSetting = "Batch:BulkEnrolments";

    /// <summary>
    /// The fast path of bulk enrolment (docs/batch.md, "How a batch of enrolments is processed"): consecutive
    /// independent <c>POST /v1/Enrolments</c> (or <c>/v2</c>), or an atomicity group made only of them, are checked and written
    /// set-based by <see cref="EnrolmentWorkflow.SubmitManyAsync"/> (a few statements and one transaction instead of
    /// a dozen round trips and a transaction per bulletin), their Idempotency-Keys claimed and completed in one
    /// statement each (<see cref="BulkIdempotency"/>). Then every inner request still goes through the pipeline
    /// (routing, its scope policy, the endpoint, the OData serializer) with its outcome prepared, so that its answer
    /// is byte for byte the one it would get alone. Anything else (another URL or method, a body or header the
    /// endpoint might read differently, a key used twice in the batch, SQLite) takes the per-request path.
    /// </summary>
    /// <remarks>
    /// Hand-written: AspNetCoreOData (and no other library we know of) executes batch requests one by one; set-based
    /// processing of a batch needs to know what the requests mean, which only this API does.
    /// </remarks>
    private sealed class BulkEnrolments(Run run, Caller caller, string clientId, string path, JsonSerializerOptions json, BulkIdempotency idempotency)
    {
        /// <summary>The headers of this batch's first created enrolment's answer, once the direct writer matched it.</summary>
        private IHeaderDictionary? _createdHeaders;

        /// <summary>The direct writer did not match the pipeline's answer: this batch's answers all come from the pipeline.</summary>
        private bool _directRefused;

        /// <summary>The fast path for this batch, or null when it does not apply (then every request runs alone).</summary>
        public static BulkEnrolments? For(Run run, HttpContext batch)
        {
            var services = batch.RequestServices;
            var caller = services.GetRequiredService<CallerAccessor>().Caller;
            var versionPrefix = batch.Request.Path.Value![..batch.Request.Path.Value!.LastIndexOf('/')];
            // POST Enrolments of v1 and v2 is EnrolmentsController.Post (one controller serves both versions); the
            // batch never widens what a token may do, so a caller without the scope gets its 403s from the per-request path.
            return services.GetRequiredService<IConfiguration>().GetValue(BulkEnrolmentsSetting, true)
                && caller is { Kind: not CallerKind.Anonymous, ClientId: { } clientId }
                && batch.User.GetClaim(OpenIddictConstants.Claims.Subject) == clientId
                && batch.User.HasScope(Scopes.EnrolmentsWrite)
                && CreatedEnrolmentAnswer.Versions.Contains(versionPrefix.TrimStart('/'))
                && services.GetRequiredService<EnrolmentWorkflow>().CanSubmitMany
                ? new BulkEnrolments(run, caller, clientId, versionPrefix + "/Enrolments",
                    services.GetRequiredService<IOptions<Microsoft.AspNetCore.Mvc.JsonOptions>>().Value.JsonSerializerOptions,
                    ActivatorUtilities.CreateInstance<BulkIdempotency>(services))
                : null;
        }

        /// <summary>One inner POST that the fast path can take: its parsed body and, if any, its key and request hash.</summary>
        public sealed record Row(HttpContext Inner, EnrolmentRequest Request, string? Key, string? Hash);

        /// <summary>
        /// The inner request as the endpoint would bind it, or null when it is not a plain POST of a bulletin: the body
        /// is read with the MVC JSON options (those of the endpoint's input formatter) and rewound.
        /// </summary>
        public async Task<Row?> ParseAsync(HttpContext inner)
        {
            var request = inner.Request;
            if (!HttpMethods.IsPost(request.Method)
                || !string.Equals(request.Path.Value, path, StringComparison.Ordinal)
                || request.QueryString.HasValue
                || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
                || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || type.Parameters.Any(p => !(p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase) && p.Value.Equals("utf-8", StringComparison.OrdinalIgnoreCase))))
            {
                return null;
            }

            string? key = null;
            if (request.Headers.TryGetValue(IdempotencyMiddleware.KeyHeader, out var keys))
            {
                if (keys.Count != 1 || !IdempotencyMiddleware.IsValidKey(keys[0]))
                {
                    return null; // the middleware's 400
                }

                key = keys[0];
            }

            request.EnableBuffering();
            EnrolmentRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<EnrolmentRequest>(request.Body, json, inner.RequestAborted);
            }
            catch (JsonException)
            {
                return null; // the endpoint's 400, from the per-request path
            }
            finally
            {
                request.Body.Position = 0;
            }

            return body is null ? null : new Row(inner, body, key, key is null ? null : await IdempotencyMiddleware.HashAsync(request, inner.RequestAborted));
        }

        /// <summary>Consecutive independent enrolments: each succeeds or fails alone, as in the per-request path.</summary>
        public async Task<List<ODataBatchResponseItem>> ExecuteIndependentAsync(List<Row> rows)
        {
            if (HasKeyTwice(rows))
            {
                return await OneByOneAsync(rows);
            }

            var claims = await idempotency.ClaimAsync(clientId, [.. rows.Where(r => r.Key is not null).Select(r => (r.Key!, r.Hash!))]);
            try
            {
                return await ExecuteIndependentAsync(rows, claims);
            }
            catch
            {
                // As the middleware does when a request throws: the retry runs again rather than waiting for the claim to expire.
                await idempotency.ReleaseAsync(claims);
                throw;
            }
        }

        private async Task<List<ODataBatchResponseItem>> ExecuteIndependentAsync(List<Row> rows, BulkIdempotency.Claims claims)
        {
            // A key that was not claimed already has a row (replay, refusal, running, expired): the middleware answers it.
            var fast = rows.Where(r => r.Key is null || claims.Keys.Contains(r.Key)).ToList();
            var submission = fast.Count == 0 ? new BulkSubmission([], false) : await SubmitAsync(fast, atomic: false);
            if (submission is null)
            {
                await idempotency.ReleaseAsync(claims);
                return await OneByOneAsync(rows);
            }

            var responses = new List<ODataBatchResponseItem>(rows.Count);
            var outcomes = submission.Outcomes;
            var next = 0;
            foreach (var row in rows)
            {
                if (next < fast.Count && ReferenceEquals(fast[next], row))
                {
                    await RenderAsync(row, outcomes[next++]);
                }
                else
                {
                    await ExecuteOperationAsync(run, row.Inner);
                }

                responses.Add(new OperationResponseItem(row.Inner));
            }

            await idempotency.CompleteAsync(claims, [.. fast.Where(r => r.Key is not null).Select(r => (r.Key!, r.Inner.Response))]);
            return responses;
        }

        /// <summary>An atomicity group of enrolments, all or nothing; null when it must run on the per-request path.</summary>
        public async Task<ODataBatchResponseItem?> TryExecuteGroupAsync(List<Row> rows)
        {
            if (HasKeyTwice(rows))
            {
                return null;
            }

            var keyed = rows.Where(r => r.Key is not null).ToList();
            var claims = await idempotency.ClaimAsync(clientId, [.. keyed.Select(r => (r.Key!, r.Hash!))]);
            try
            {
                return await TryExecuteGroupAsync(rows, keyed, claims);
            }
            catch
            {
                await idempotency.ReleaseAsync(claims);
                throw;
            }
        }

        private async Task<ODataBatchResponseItem?> TryExecuteGroupAsync(List<Row> rows, List<Row> keyed, BulkIdempotency.Claims claims)
        {
            var submission = claims.Keys.Count == keyed.Count ? await SubmitAsync(rows, atomic: true) : null;
            if (submission is null)
            {
                // A key of the group has a row already (its answer mixes replays with runs), or a concurrent
                // submission collided: the per-request path sorts it out.
                await idempotency.ReleaseAsync(claims);
                return null;
            }

            var group = rows.Select(r => r.Inner).ToList();
            if (submission.Written)
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    await RenderAsync(rows[i], submission.Outcomes[i]);
                }

                await idempotency.CompleteAsync(claims, [.. keyed.Select(r => (r.Key!, r.Inner.Response))]);
                return new ChangeSetResponseItem(group);
            }

            // Nothing was written: the first refused bulletin answers its problem, as the group's per-request run
            // would stop there, and the others 424; no key of the group keeps a row.
            var failed = Enumerable.Range(0, rows.Count).First(i => submission.Outcomes[i].Violation is not null);
            await RenderAsync(rows[failed], submission.Outcomes[failed]);
            await idempotency.ReleaseAsync(claims);
            await using var scope = run.NewScope();
            var reason = GroupFailedReason(rows[failed].Inner);
            foreach (var inner in group.Where((_, i) => i != failed))
            {
                await Run.ReplaceWithProblemAsync(inner, scope.ServiceProvider,
                    ProblemDetailsSetup.Create(StatusCodes.Status424FailedDependency, GroupFailedCode, reason));
            }

            return new ChangeSetResponseItem(group);
        }

        private static bool HasKeyTwice(List<Row> rows)
        {
            var keys = rows.Where(r => r.Key is not null).Select(r => r.Key!).ToList();
            return keys.Distinct(StringComparer.Ordinal).Count() != keys.Count;
        }

        /// <summary>The set-based submission in its own scope; null (nothing written) when the rows must run one by one.</summary>
        private async Task<BulkSubmission?> SubmitAsync(List<Row> rows, bool atomic)
        {
            await using var scope = run.NewScope();
            var workflow = scope.ServiceProvider.GetRequiredService<EnrolmentWorkflow>();
            try
            {
                return await workflow.SubmitManyAsync([.. rows.Select(r => r.Request)], caller.ClientId!, atomic, run.Batch.RequestAborted);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
            {
                Log.BulkSubmissionFailed(run.Logger, e, rows.Count);
                return null;
            }
        }

        /// <summary>
        /// Answers the inner request with its outcome: a created enrolment directly (<see cref="CreatedEnrolmentAnswer"/>),
        /// anything else through the pipeline with the outcome prepared, so that the endpoint answers it without
        /// submitting again. Its Idempotency-Key is hidden meanwhile: the claim is already this path's.
        /// </summary>
        private async Task RenderAsync(Row row, SubmissionOutcome outcome)
        {
            if (outcome.Enrolment is not { } created || _directRefused || !CreatedEnrolmentAnswer.CanWrite(row.Inner.Request, created))
            {
                await RenderThroughPipelineAsync(row, outcome);
            }
            else if (_createdHeaders is { } headers)
            {
                await run.AnswerAsync(row.Inner, inner => CreatedEnrolmentAnswer.WriteAsync(inner, created, headers));
            }
            else
            {
                // The batch's first created enrolment: the pipeline answers, and the direct writer is checked against it.
                await RenderThroughPipelineAsync(row, outcome);
                if (CreatedEnrolmentAnswer.Matches(row.Inner, created))
                {
                    _createdHeaders = new HeaderDictionary(row.Inner.Response.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));
                }
                else
                {
                    _directRefused = true;
                    Log.CreatedAnswerDiffers(run.Logger, row.Inner.Response.StatusCode);
                }
            }
        }

        private async Task RenderThroughPipelineAsync(Row row, SubmissionOutcome outcome)
        {
            await using var scope = run.NewScope();
            var workflow = scope.ServiceProvider.GetRequiredService<EnrolmentWorkflow>();
            workflow.Prepare(outcome);
            var headers = row.Inner.Request.Headers;
            headers.Remove(IdempotencyMiddleware.KeyHeader);
            try
            {
                await run.SendAsync(row.Inner, scope.ServiceProvider);
            }
            finally
            {
                if (row.Key is not null)
                {
                    headers[IdempotencyMiddleware.KeyHeader] = row.Key;
                }
            }

            if (workflow.HasPrepared)
            {
                // The pipeline answered without asking the endpoint (its outcome was written nonetheless): a
                // divergence between ParseAsync and the endpoint's binding that tests must catch.
                Log.PreparedOutcomeUnused(run.Logger, row.Inner.Request.Path, row.Inner.Response.StatusCode);
            }
        }

        private async Task<List<ODataBatchResponseItem>> OneByOneAsync(List<Row> rows)
        {
            var responses = new List<ODataBatchResponseItem>(rows.Count);
            foreach (var row in rows)
            {
                responses.Add(await ExecuteOperationAsync(run, row.Inner));
            }

            return responses;
        }
    }
}
