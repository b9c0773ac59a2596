using Cnfpt.OpenApi.Sdk.Http;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>Enrolments: submit one or many, read with ETag, cancel, download the acknowledgement.</summary>
public partial interface IEnrolmentsClient
{
    /// <summary>Submits a bulletin (acknowledged at once, then Accepted or Waitlisted).</summary>
    /// <param name="submission">The bulletin; its <see cref="EnrolmentSubmission.IdempotencyKey"/> if set, else a new key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The enrolment and its ETag.</returns>
    Task<Versioned<Enrolment>> SubmitAsync(EnrolmentSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>Reads an enrolment and its ETag.</summary>
    /// <param name="key">The enrolment's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The enrolment and its ETag.</returns>
    Task<Versioned<Enrolment>> GetVersionedAsync(int key, CancellationToken cancellationToken = default);

    /// <summary>Cancels an enrolment (before the session starts), if it is still at version <paramref name="ifMatch"/>.</summary>
    /// <param name="key">The enrolment's id.</param>
    /// <param name="reason">Why (required by the API).</param>
    /// <param name="ifMatch">The ETag read with the enrolment, or null to cancel whatever its version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cancelled enrolment and its new ETag.</returns>
    Task<Versioned<Enrolment>> CancelEnrolmentAsync(int key, string reason, string? ifMatch = null, CancellationToken cancellationToken = default);

    /// <summary>The accusé de réception as a PDF document.</summary>
    /// <param name="key">The enrolment's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The PDF's bytes.</returns>
    Task<byte[]> GetAcknowledgementPdfAsync(int key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Submits many bulletins through <c>$batch</c>, 100 per batch, each with its own Idempotency-Key: one refused
    /// bulletin does not stop the others, and sending the same submissions again (same keys) replays instead of
    /// enrolling twice. Inner answers that are worth retrying (429, 5xx, a key still in progress) are sent again.
    /// </summary>
    /// <param name="submissions">The bulletins.</param>
    /// <param name="progress">Told the number of submissions answered so far.</param>
    /// <param name="maxConcurrency">Batches in flight at once (default 4).</param>
    /// <param name="cancellationToken">Cancels the remaining batches.</param>
    /// <returns>One outcome per submission, in input order.</returns>
    Task<IReadOnlyList<EnrolmentOutcome>> EnrolManyAsync(
        IEnumerable<EnrolmentSubmission> submissions, IProgress<int>? progress = null, int maxConcurrency = 4, CancellationToken cancellationToken = default);
}

/// <summary>Enrolments: submit one or many, read with ETag, cancel, download the acknowledgement.</summary>
public partial class EnrolmentsClient
{
    /// <inheritdoc />
    public Task<Versioned<Enrolment>> SubmitAsync(EnrolmentSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return JsonRequests.SendVersionedAsync<Enrolment>(_httpClient,
            JsonRequests.Create(HttpMethod.Post, JsonRequests.Path("Enrolments"), submission, idempotencyKey: submission.IdempotencyKey), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Versioned<Enrolment>> GetVersionedAsync(int key, CancellationToken cancellationToken = default) =>
        JsonRequests.SendVersionedAsync<Enrolment>(_httpClient, JsonRequests.Create(HttpMethod.Get, JsonRequests.Path($"Enrolments({key})")), cancellationToken);

    /// <inheritdoc />
    public Task<Versioned<Enrolment>> CancelEnrolmentAsync(int key, string reason, string? ifMatch = null, CancellationToken cancellationToken = default) =>
        JsonRequests.SendVersionedAsync<Enrolment>(_httpClient,
            JsonRequests.Create(HttpMethod.Post, JsonRequests.Path($"Enrolments({key})/Cancel"), new Dictionary<string, string> { ["reason"] = reason }, ifMatch), cancellationToken);

    /// <inheritdoc />
    public async Task<byte[]> GetAcknowledgementPdfAsync(int key, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(JsonRequests.Path($"Enrolments({key})/acknowledgement"), UriKind.Relative));
        request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/pdf"));
        using var response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<EnrolmentOutcome>> EnrolManyAsync(
        IEnumerable<EnrolmentSubmission> submissions, IProgress<int>? progress = null, int maxConcurrency = 4, CancellationToken cancellationToken = default) =>
        BulkEnrolment.RunAsync(_httpClient, submissions, progress, maxConcurrency, cancellationToken);
}
