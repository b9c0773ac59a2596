using System.Diagnostics;
using Cnfpt.OpenApi.Sdk;

namespace Cnfpt.OpenApi.Bench.Rollout;

/// <summary>
/// The same rollout through the SDK (<c>--sdk</c>), as a vendor would write it: one <c>EnrolManyAsync</c> call, which
/// sends <c>$batch</c>es of 100 with an Idempotency-Key per bulletin through the SDK's whole handler pipeline (token,
/// retries, problems). The wall time includes the SDK's own work (serialisation, outcome parsing).
/// </summary>
internal static class SdkRollout
{
    public static async Task<(TimeSpan Wall, Dictionary<int, int> Statuses)> RunAsync(
        Uri server, string clientId, string secret, IReadOnlyList<(int Agent, int Session)> work, int concurrency)
    {
        using var client = new CnfptClient(new CnfptClientOptions
        {
            BaseAddress = server, ClientId = clientId, ClientSecret = secret, Scope = "enrolments.write",
            AttemptTimeout = TimeSpan.FromMinutes(2), TotalTimeout = TimeSpan.FromMinutes(10),
        });
        var submissions = work.Select(w => new EnrolmentSubmission { AgentId = w.Agent, SessionId = w.Session, Motive = "Programme national : deploiement" }).ToList();
        var clock = Stopwatch.StartNew();
        var outcomes = await client.Enrolments.EnrolManyAsync(submissions, maxConcurrency: concurrency);
        var wall = clock.Elapsed;
        return (wall, outcomes.GroupBy(o => (int)o.Status).ToDictionary(g => g.Key, g => g.Count()));
    }
}
