using System.Net;
using System.Net.Http.Headers;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Cnfpt.OpenApi.Api.Tests.Enrolments;

/// <summary>The AR of a new bulletin: a PDF that says what was received, and paper or not as the collectivité chose.</summary>
[Collection(EnrolmentCollection.Name)]
public sealed class AcknowledgementTests(EnrolmentFixture fixture)
{
    [Fact]
    public async Task NewEnrolment_HasAnArPdf_NamingTheNumberAgentCourseAndDates_AndJoinsThePrintBatchOnPaper()
    {
        await SetPreferenceAsync(EnrolmentFixture.Collectivite, ExchangePreference.Paper);
        var session = await fixture.NewSessionAsync(capacity: 5, startsInDays: 60, lengthDays: 3);
        var agent = (await fixture.NewAgentsAsync(1))[0];
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);
        var (_, body) = await EnrolmentFixture.EnrolAsync(client, agent.Id, session.Id);
        var id = body.GetProperty("id").GetInt32();

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/Enrolments({id})/Acknowledgement", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf"));
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        await using var db = fixture.NewDbContext();
        var ack = await db.Acknowledgements.SingleAsync(a => a.EnrolmentId == id);
        var course = await db.Sessions.Where(s => s.Id == session.Id).Select(s => s.Course!.Title).SingleAsync();
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains(ack.Number, text, StringComparison.Ordinal);
        Assert.Contains(agent.LastName, text, StringComparison.Ordinal);
        Assert.Contains(course.Split(' ')[0], text, StringComparison.Ordinal);
        Assert.Contains(session.StartDate.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.NotNull(ack.PrintBatchId);
    }

    [Fact]
    public async Task DigitalCollectivite_GetsNoPaper()
    {
        await SetPreferenceAsync(EnrolmentFixture.OtherCollectivite, ExchangePreference.Digital);
        var session = await fixture.NewSessionAsync(capacity: 5, startsInDays: 70);
        var agent = (await fixture.NewAgentsAsync(1, collectivite: EnrolmentFixture.OtherCollectivite))[0];
        using var client = await fixture.ClientAsync(EnrolmentFixture.OtherVendor);

        var (response, body) = await EnrolmentFixture.EnrolAsync(client, agent.Id, session.Id);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = fixture.NewDbContext();
        var id = body.GetProperty("id").GetInt32();
        Assert.Null((await db.Acknowledgements.SingleAsync(a => a.EnrolmentId == id)).PrintBatchId);
    }

    private async Task SetPreferenceAsync(int collectivite, ExchangePreference preference)
    {
        await using var db = fixture.NewDbContext();
        await db.Collectivites.Where(c => c.Id == collectivite).ExecuteUpdateAsync(u => u.SetProperty(c => c.ExchangePreference, preference));
    }
}
