using System.Net.Http.Headers;
using Cnfpt.OpenApi.Sdk.Attestations;
using Cnfpt.OpenApi.Sdk.Http;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>
/// Attestations de suivi: list them (auto-paging), download their PDF, and verify a token — offline with the
/// cached CNFPT keys, or online, which also knows about revocations (docs/attestations.md).
/// </summary>
public partial interface IAttestationsClient
{
    /// <summary>Every attestation matching the query (the caller's collectivités), page after page (<c>@odata.nextLink</c>).</summary>
    /// <param name="query">Query options, e.g. <c>.Where(a =&gt; a.Status, AttestationStatus.Valid)</c>; null for all.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The attestations.</returns>
    IAsyncEnumerable<Attestation> ListAllAsync(ODataQuery<Attestation>? query = null, CancellationToken cancellationToken = default);

    /// <summary>The attestation's PDF (A4, French, with its signed token inside), as a stream to copy; dispose it.</summary>
    /// <param name="id">The attestation's id.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The PDF, read from the network as it is consumed.</returns>
    Task<Stream> DownloadPdfAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The attestation as a Verifiable Credential secured as a JWT (<c>application/vc+jwt</c>, the compact JWS text),
    /// for a wallet; it verifies with <see cref="VerifyOfflineAsync"/> like the token. (The generated
    /// <c>CredentialAsync</c> gives the same bytes as a <c>FileResponse</c>; this reads them as the JWT's text.)
    /// </summary>
    /// <param name="id">The attestation's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The vc+jwt.</returns>
    Task<string> GetCredentialJwtAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies a signed token (<see cref="Attestation.SignedToken"/>, the <c>CnfptAttestationJws</c> entry of an
    /// attestation PDF's document information, or the attestation's Verifiable Credential, <c>typ: vc+jwt</c>) with the CNFPT's published keys, without calling the API once the
    /// keys are cached: ES256 only, the key named by <c>kid</c>, the issuer
    /// (<see cref="CnfptClientOptions.AttestationIssuer"/>), no expiry. The verdict is never
    /// <see cref="AttestationVerdict.Revoked"/>: revocation is known only online (<see cref="VerifyOnlineAsync"/>).
    /// </summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="cancellationToken">Cancels the key fetch, if one is needed.</param>
    /// <returns>The verdict, with the facts when valid.</returns>
    Task<AttestationVerificationResult> VerifyOfflineAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Asks the CNFPT (<c>POST /Attestations/Verify</c>, anonymous): signature, record and revocation.</summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verdict, with the facts when valid or revoked.</returns>
    Task<AttestationVerificationResult> VerifyOnlineAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Sends an attestation PDF to the CNFPT, which also checks that the page still shows what its token signs.</summary>
    /// <param name="pdf">The PDF's bytes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verdict, with the facts when valid or revoked.</returns>
    Task<AttestationVerificationResult> VerifyPdfOnlineAsync(byte[] pdf, CancellationToken cancellationToken = default);
}

/// <summary>Attestations: auto-paging, PDF download, offline and online verification.</summary>
public partial class AttestationsClient
{
    private AttestationKeyStore? _keyStore;
    private CnfptClientOptions? _options;

    /// <summary>The options the verification follows (issuer, key cache); the defaults when built outside <see cref="CnfptClient"/>.</summary>
    internal CnfptClientOptions Options
    {
        get => _options ??= new CnfptClientOptions();
        init => _options = value;
    }

    /// <summary>The cached keys, shared by every client of one <see cref="CnfptClient"/> or one DI container.</summary>
    internal AttestationKeyStore KeyStore
    {
        get => _keyStore ??= new AttestationKeyStore(Options, TimeProvider.System);
        init => _keyStore = value;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<Attestation> ListAllAsync(ODataQuery<Attestation>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "Attestations", query, cancellationToken);

    /// <inheritdoc />
    public async Task<Stream> DownloadPdfAsync(int id, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(JsonRequests.Path($"Attestations({id})/Pdf()"), UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf"));
        var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            response.EnsureSuccessStatusCode();
            return new ResponseStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), response, request);
        }
        catch
        {
            response.Dispose();
            request.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<string> GetCredentialJwtAsync(int id, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(JsonRequests.Path($"Attestations({id})/Credential()"), UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vc+jwt"));
        using var response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
    }

    /// <inheritdoc />
    public Task<AttestationVerificationResult> VerifyOfflineAsync(string token, CancellationToken cancellationToken = default) =>
        OfflineVerifier.VerifyAsync(token, Options.AttestationIssuer, (kid, ct) => KeyStore.FindAsync(_httpClient, kid, ct), cancellationToken);

    /// <inheritdoc />
    public async Task<AttestationVerificationResult> VerifyOnlineAsync(string token, CancellationToken cancellationToken = default)
    {
        using var request = JsonRequests.Create(HttpMethod.Post, JsonRequests.Path("Attestations/Verify"), new VerifyRequest(token));
        return await SendVerifyAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AttestationVerificationResult> VerifyPdfOnlineAsync(byte[] pdf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        using var request = JsonRequests.Create(HttpMethod.Post, JsonRequests.Path("Attestations/Verify"));
        request.Content = new ByteArrayContent(pdf);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return await SendVerifyAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AttestationVerificationResult> SendVerifyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = await JsonRequests.ReadAsync<VerificationAnswer>(response, cancellationToken).ConfigureAwait(false);
        var verdict = answer.Verdict switch
        {
            "valid" => AttestationVerdict.Valid,
            "tampered" => AttestationVerdict.Tampered,
            "revoked" => AttestationVerdict.Revoked,
            "unknownKey" => AttestationVerdict.UnknownKey,
            "malformed" => AttestationVerdict.Malformed,
            _ => throw new CnfptProblemException($"The API answered an unknown verdict '{answer.Verdict}': update the SDK."),
        };
        return new AttestationVerificationResult(verdict, answer.Reason ?? "", answer.KeyId, answer.Attestation, online: true, answer.RevokedAt, answer.ReplacedBy);
    }

    private sealed record VerifyRequest([property: System.Text.Json.Serialization.JsonPropertyName("token")] string Token);

    /// <summary>The response body, disposing the response with it.</summary>
    private sealed class ResponseStream(Stream inner, HttpResponseMessage response, HttpRequestMessage request) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
                request.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
