using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cnfpt.OpenApi.Consumers.Tests.HrSuite;

/// <summary>
/// An HR suite (a vendor mandated by its collectivités), as plain HttpClient code without the SDK: it
/// synchronises agents from the payroll file, submits bulletins with an Idempotency-Key (a retry after a
/// timeout must not enrol twice), downloads the AR, and cancels with the ETag it last read.
/// </summary>
public sealed class HrSuite(HttpClient http)
{
    public async Task<(JsonElement Agent, string ETag)> UpsertAgentAsync(object agent)
    {
        using var response = await http.PostAsJsonAsync(new Uri("v1/Agents/Upsert", UriKind.Relative), agent);
        await ProblemException.ThrowIfProblemAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!.Tag);
    }

    public async Task<(JsonElement Enrolment, string ETag)> SubmitAsync(int agentId, int sessionId, string motive, Guid idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/Enrolments", UriKind.Relative))
        {
            Content = JsonContent.Create(new { agentId, sessionId, motive }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey.ToString());
        using var response = await http.SendAsync(request);
        await ProblemException.ThrowIfProblemAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!.Tag);
    }

    /// <summary>The accusé de réception as the PDF to file with the agent's record.</summary>
    public async Task<(byte[] Pdf, string? FileName)> AcknowledgementPdfAsync(int enrolmentId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"v1/Enrolments({enrolmentId})/Acknowledgement", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf"));
        using var response = await http.SendAsync(request);
        await ProblemException.ThrowIfProblemAsync(response);
        if (response.Content.Headers.ContentType?.MediaType != "application/pdf")
        {
            throw new InvalidOperationException("expected a PDF, got " + response.Content.Headers.ContentType);
        }

        return (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentDisposition?.FileName);
    }

    public async Task<JsonElement> CancelAsync(int enrolmentId, string etag, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"v1/Enrolments({enrolmentId})/Cancel", UriKind.Relative))
        {
            Content = JsonContent.Create(new { reason }),
        };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        using var response = await http.SendAsync(request);
        await ProblemException.ThrowIfProblemAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> EnrolmentAsync(int enrolmentId)
    {
        using var response = await http.GetAsync(new Uri($"v1/Enrolments({enrolmentId})", UriKind.Relative));
        await ProblemException.ThrowIfProblemAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
