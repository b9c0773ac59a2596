using System.Text;
using System.Text.Json;
using Cnfpt.OpenApi.Pact;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Cnfpt.OpenApi.Api.Tests.Pacts;

/// <summary>
/// Provider verification: every pact committed under contracts/pacts/ replayed against the real API on
/// Kestrel and PostgreSQL. A consumer's expectation that the API no longer meets fails the suite, naming the
/// consumer, the interaction and the mismatch.
/// </summary>
[Collection(PactProviderCollection.Name)]
public sealed class PactProviderTests(PactProviderFixture fixture, ITestOutputHelper output)
{
    public const string Provider = "Cnfpt.OpenApi";

    [Fact]
    public async Task EveryCommittedPact_IsHonouredByTheApi()
    {
        var pacts = CommittedPacts();
        Assert.NotEmpty(pacts);

        var result = await VerifyAsync(fixture.Host, pacts);

        Assert.True(result.Passed, "Pact verification failed:" + Environment.NewLine + result);
        // The verifier passes a pact without interactions: check that everything declared was replayed.
        Assert.True(result.InteractionCount > 0, "the committed pacts hold no interaction");
        Assert.Equal(result.InteractionCount, result.VerifiedCount);
    }

    /// <summary>
    /// The gate itself: a provider that renamed a JSON property (Sessions' <c>seatsTaken</c> → <c>seats</c>)
    /// and changed a status (201 → 200 on enrolment) fails, and the report names those interactions only.
    /// </summary>
    [Fact]
    public async Task AlteredApi_FailsVerification_NamingTheBrokenInteractions()
    {
        await using var altered = await fixture.StartAsync(RenameSeatsTakenAndAnswer200ToEnrolments);

        var result = await VerifyAsync(altered, CommittedPacts());

        Assert.False(result.Passed);
        Assert.Equal(3, result.Failures.Count);
        Assert.Contains("ExampleHrSuite: a bulletin submitted with an idempotency key: StatusMismatch: expected 201 but was 200", result.Failures);
        foreach (var page in new[] { "the first page of sessions open for enrolment, with their count", "the next page of sessions open for enrolment" })
        {
            Assert.Contains(result.Failures, f => f.StartsWith($"ExampleOpenData: {page}: BodyMismatch at $.value[*]", StringComparison.Ordinal)
                                                  && f.EndsWith("Actual map is missing the following keys: seatsTaken", StringComparison.Ordinal));
        }
    }

    private async Task<VerificationResult> VerifyAsync(PactProviderHost host, IReadOnlyList<string> pacts)
    {
        using var verifier = new PactVerifier(Provider, host.ServerAddress)
            .WithProviderStateUrl(new Uri(host.ServerAddress, ProviderStates.Path))
            .WithCustomHeader("Authorization", (await PactProviderFixture.BearerAsync(host)).ToString());
        foreach (var pact in pacts)
        {
            verifier.WithPactFile(pact);
        }

        // Blocking native call: off the test's thread so that Kestrel keeps its threads to answer.
        var result = await Task.Run(verifier.Verify);
        output.WriteLine(result.Output);
        output.WriteLine(result.ToString());
        return result;
    }

    /// <summary>The committed pacts whose provider is this API.</summary>
    private static List<string> CommittedPacts() =>
    [
        .. Directory.EnumerateFiles(PactFiles.DefaultDirectory, "*.json")
            .Where(file =>
            {
                using var pact = JsonDocument.Parse(File.ReadAllText(file));
                return pact.RootElement.GetProperty("provider").GetProperty("name").GetString() == Provider;
            })
            .Order(StringComparer.Ordinal),
    ];

    private static RequestDelegate RenameSeatsTakenAndAnswer200ToEnrolments(RequestDelegate next) => async context =>
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/v1/Enrolments", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode == StatusCodes.Status201Created)
                {
                    context.Response.StatusCode = StatusCodes.Status200OK;
                }

                return Task.CompletedTask;
            });
            await next(context);
            return;
        }

        if (!context.Request.Path.StartsWithSegments("/v1/Sessions", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        await next(context);
        var body = Encoding.UTF8.GetString(buffer.ToArray()).Replace("\"seatsTaken\":", "\"seats\":", StringComparison.Ordinal);
        context.Response.Body = original;
        context.Response.ContentLength = null;
        await context.Response.WriteAsync(body);
    };
}

[CollectionDefinition(Name)]
public sealed class PactProviderCollection : ICollectionFixture<PactProviderFixture>
{
    public const string Name = "Pact provider verification on Kestrel and PostgreSQL";
}
