using System.Net;
using Cnfpt.OpenApi.Api.Enrolments;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Documents;

/// <summary>Paper ARs go into the day's print batch; the back office lists it, downloads its PDF and marks it sent once.</summary>
[Collection(DocumentsCollection.Name)]
public sealed class PrintBatchTests(DocumentsFixture fixture)
{
    [Fact]
    public async Task PaperAr_GoesIntoTodaysBatch_WhosePdfHoldsIt_AndTheBatchIsMarkedSentOnce()
    {
        var (paper, digital) = await TwoCollectivitesAsync();
        var today = FrenchFormat.ParisDay(DateTimeOffset.UtcNow);

        // As the enrolment workflow does: on the request's context, inside its transaction.
        int paperAck, digitalAck;
        await using (var scope = fixture.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CnfptDbContext>();
            db.Tenant = TenantScope.All;
            var service = scope.ServiceProvider.GetRequiredService<PrintBatchService>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var onPaper = await db.Acknowledgements.Where(a => a.CollectiviteId == paper.Id && a.PrintBatchId == null).OrderBy(a => a.Id).FirstAsync();
            var online = await db.Acknowledgements.Where(a => a.CollectiviteId == digital.Id).OrderBy(a => a.Id).FirstAsync();
            await service.AttachIfPaperAsync(db, onPaper, default);
            await service.AttachIfPaperAsync(db, online, default);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            Assert.NotNull(onPaper.PrintBatchId);
            Assert.Null(online.PrintBatchId);
            (paperAck, digitalAck) = (onPaper.Id, online.Id);
        }

        using var backOffice = await fixture.ClientAsync(DocumentsFixture.BackOffice);
        var batches = await backOffice.GetJsonAsync("/v1/PrintBatches");
        var batch = Assert.Single(batches.Values(), b => b.GetProperty("day").GetString() == today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var id = batch.GetProperty("id").GetInt32();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, batch.GetProperty("sentAt").ValueKind);

        using var pdf = await backOffice.GetAsync(new Uri($"/v1/PrintBatches({id})/Pdf()", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"lot-impression-{today:yyyy-MM-dd}.pdf", pdf.Content.Headers.ContentDisposition?.FileName);
        var text = AcknowledgementPdfTests.TextOf(await pdf.Content.ReadAsByteArrayAsync());
        await using (var db = fixture.NewDbContext())
        {
            Assert.Contains(await db.Acknowledgements.Where(a => a.Id == paperAck).Select(a => a.Number).SingleAsync(), text, StringComparison.Ordinal);
            Assert.DoesNotContain(await db.Acknowledgements.Where(a => a.Id == digitalAck).Select(a => a.Number).SingleAsync(), text, StringComparison.Ordinal);
        }

        Assert.Contains(paper.Name, text, StringComparison.Ordinal);
        Assert.Contains("À l'attention du service des ressources humaines", text, StringComparison.Ordinal);
        Assert.DoesNotContain(digital.Name, text, StringComparison.Ordinal);

        using var sent = await backOffice.PostAsync(new Uri($"/v1/PrintBatches({id})/MarkSent", UriKind.Relative), null);
        var body = await sent.Content.ReadAsStringAsync();
        Assert.True(sent.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains(DocumentsFixture.BackOffice, body, StringComparison.Ordinal);
        using var again = await backOffice.PostAsync(new Uri($"/v1/PrintBatches({id})/MarkSent", UriKind.Relative), null);
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "already-sent");

        // Today's batch is gone to the post: a paper AR arriving now waits for tomorrow's.
        await using (var scope = fixture.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CnfptDbContext>();
            db.Tenant = TenantScope.All;
            var late = await db.Acknowledgements.Where(a => a.CollectiviteId == paper.Id && a.PrintBatchId == null).OrderBy(a => a.Id).FirstAsync();
            await scope.ServiceProvider.GetRequiredService<PrintBatchService>().AttachIfPaperAsync(db, late, default);
            await db.SaveChangesAsync();
            Assert.Equal(today.AddDays(1), await db.PrintBatches.Where(b => b.Id == late.PrintBatchId).Select(b => b.Day).SingleAsync());
        }
    }

    [Fact]
    public async Task ConcurrentPaperArs_OfANewDay_ShareOneBatch()
    {
        var (paper, _) = await TwoCollectivitesAsync();
        var day = new DateOnly(2031, 3, 14);
        var service = new PrintBatchService(new FixedClock(new DateTimeOffset(day.ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero)));
        List<int> acks;
        await using (var db = fixture.NewDbContext())
        {
            acks = await db.Acknowledgements.Where(a => a.CollectiviteId == paper.Id && a.PrintBatchId == null).OrderByDescending(a => a.Id).Select(a => a.Id).Take(8).ToListAsync();
        }

        var batchIds = await Task.WhenAll(acks.Select(async ackId =>
        {
            await using var db = fixture.NewDbContext();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var ack = await db.Acknowledgements.SingleAsync(a => a.Id == ackId);
            await service.AttachIfPaperAsync(db, ack, default);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return ack.PrintBatchId;
        }));

        Assert.Single(batchIds.Distinct());
        await using (var db = fixture.NewDbContext())
        {
            Assert.Equal(1, await db.PrintBatches.CountAsync(b => b.Day == day));
        }
    }

    [Fact]
    public async Task Vendor_IsRefusedPrintBatches()
    {
        using var vendor = await fixture.ClientAsync(DocumentsFixture.Vendor);

        await (await vendor.GetAsync(new Uri("/v1/PrintBatches", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
        await (await vendor.PostAsync(new Uri("/v1/PrintBatches(1)/MarkSent", UriKind.Relative), null)).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }

    /// <summary>The two collectivités with the most ARs, the first set to paper and the second to digital.</summary>
    private async Task<(Collectivite Paper, Collectivite Digital)> TwoCollectivitesAsync()
    {
        await using var db = fixture.NewDbContext();
        var ids = await db.Acknowledgements.GroupBy(a => a.CollectiviteId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).Take(2).ToListAsync();
        await db.Collectivites.Where(c => c.Id == ids[0]).ExecuteUpdateAsync(s => s.SetProperty(c => c.ExchangePreference, ExchangePreference.Paper));
        await db.Collectivites.Where(c => c.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(c => c.ExchangePreference, ExchangePreference.Digital));
        return (await db.Collectivites.SingleAsync(c => c.Id == ids[0]), await db.Collectivites.SingleAsync(c => c.Id == ids[1]));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
