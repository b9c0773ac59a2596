using System.Net.Http.Json;

namespace Cnfpt.OpenApi.Pact.Tests;

/// <summary>A run regenerates the published pact: its interactions replace the file's, in one rename.</summary>
public sealed class PactRunTests : IDisposable
{
    private readonly TempPactDirectory _published = new();

    [Fact]
    public async Task Run_PublishesTheMergedPactWhenDisposed_ReplacingThePreviousOne()
    {
        await RunAsync("first", "second");
        await RunAsync("third");

        var file = PactFiles.PathOf("RunTests", "Provider", _published.Path);
        using var pact = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(["third"], pact.RootElement.GetProperty("interactions").EnumerateArray().Select(i => i.GetProperty("description").GetString()));
        Assert.Equal([file], Directory.EnumerateFileSystemEntries(_published.Path));
    }

    [Fact]
    public async Task Run_WritesNothingPublishedBeforeItEnds()
    {
        using (var run = PactRun.PublishingTo(_published.Path))
        {
            await VerifyOneAsync(run, "first");
            Assert.False(File.Exists(PactFiles.PathOf("RunTests", "Provider", _published.Path)));
        }

        Assert.True(File.Exists(PactFiles.PathOf("RunTests", "Provider", _published.Path)));
    }

    public void Dispose() => _published.Dispose();

    private async Task RunAsync(params string[] descriptions)
    {
        using var run = PactRun.PublishingTo(_published.Path);
        foreach (var description in descriptions)
        {
            await VerifyOneAsync(run, description);
        }
    }

    private static async Task VerifyOneAsync(PactRun run, string description)
    {
        using var pact = run.NewPact("RunTests", "Provider");
        pact.UponReceiving(description).WithRequest(HttpMethod.Get, "/" + description).WillRespondWith(200).WithJsonBody(new { description });
        await pact.VerifyAsync(async uri =>
        {
            using var client = new HttpClient { BaseAddress = uri };
            _ = await client.GetFromJsonAsync<object>(new Uri(description, UriKind.Relative));
        });
    }
}
