using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cnfpt.OpenApi.Sdk.Http;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>
/// Bulk enrolment through <c>POST /vN/$batch</c> (JSON batch format, docs/batch.md): independent inner POSTs, 100 per
/// batch (the server's limit), each with its Idempotency-Key. A retry of a whole batch (the pipeline retries a 5xx or
/// a lost connection) re-sends the same inner keys and bodies, so the server replays what it already did.
/// </summary>
internal static class BulkEnrolment
{
    public const int BatchSize = 100;
    private const int TransientRounds = 3;

    public static async Task<IReadOnlyList<EnrolmentOutcome>> RunAsync(
        HttpClient http, IEnumerable<EnrolmentSubmission> submissions, IProgress<int>? progress, int maxConcurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        // Keys are drawn once, before the first send, so that every later send of a submission reuses its key.
        var work = submissions.Select((s, i) => (Index: i, Submission: s, Key: s.IdempotencyKey ?? Guid.NewGuid().ToString("N"))).ToList();
        var outcomes = new EnrolmentOutcome[work.Count];
        var answered = 0;
        await Parallel.ForEachAsync(work.Chunk(BatchSize), new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken }, async (chunk, token) =>
        {
            var pending = chunk;
            for (var round = 0; pending.Length > 0; round++)
            {
                var answers = await SendAsync(http, pending, token).ConfigureAwait(false);
                var retry = new List<(int Index, EnrolmentSubmission Submission, string Key)>();
                foreach (var (item, outcome) in pending.Zip(answers))
                {
                    if (round < TransientRounds && IsTransient(outcome))
                    {
                        retry.Add(item);
                        continue;
                    }

                    outcomes[item.Index] = outcome;
                    progress?.Report(Interlocked.Increment(ref answered));
                }

                pending = [.. retry];
                if (pending.Length > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1 << round), token).ConfigureAwait(false);
                }
            }
        }).ConfigureAwait(false);
        return outcomes;
    }

    private static bool IsTransient(EnrolmentOutcome outcome) =>
        outcome.Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)outcome.Status >= 500
        || outcome.Problem?.Code == "idempotency-in-progress";

    private static async Task<List<EnrolmentOutcome>> SendAsync(
        HttpClient http, (int Index, EnrolmentSubmission Submission, string Key)[] items, CancellationToken cancellationToken)
    {
        var requests = items.Select((item, i) => new
        {
            id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            method = "POST",
            url = "/" + JsonRequests.Path("Enrolments"),
            headers = new Dictionary<string, string> { ["content-type"] = "application/json", [IdempotencyKeyHandler.Header] = item.Key },
            body = item.Submission,
        });
        using var request = JsonRequests.Create(HttpMethod.Post, JsonRequests.Path("$batch"), new { requests });
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        using var document = await JsonRequests.ReadAsync<JsonDocument>(response, cancellationToken).ConfigureAwait(false);
        var byId = document.RootElement.GetProperty("responses").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.Clone(), StringComparer.Ordinal);
        return [.. items.Select((item, i) => Read(item.Index, item.Submission, byId[i.ToString(System.Globalization.CultureInfo.InvariantCulture)]))];
    }

    private static EnrolmentOutcome Read(int index, EnrolmentSubmission submission, JsonElement answer)
    {
        var status = (HttpStatusCode)answer.GetProperty("status").GetInt32();
        var body = answer.TryGetProperty("body", out var b) ? b : default;
        var replayed = answer.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object
            && headers.EnumerateObject().Any(h => h.NameEquals("idempotent-replayed") || string.Equals(h.Name, "Idempotent-Replayed", StringComparison.OrdinalIgnoreCase));
        return (int)status is >= 200 and < 300
            ? new EnrolmentOutcome
            {
                Index = index, Submission = submission, Status = status, Replayed = replayed,
                Enrolment = body.Deserialize<Enrolment>(CnfptGeneratedClientBase.Json),
            }
            : new EnrolmentOutcome
            {
                Index = index, Submission = submission, Status = status, Replayed = replayed,
                Problem = CnfptProblem.Parse(status, body.ValueKind == JsonValueKind.Undefined ? "" : body.GetRawText()),
            };
    }
}
