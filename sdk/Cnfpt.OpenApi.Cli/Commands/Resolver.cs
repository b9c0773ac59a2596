using Cnfpt.OpenApi.Sdk;

namespace Cnfpt.OpenApi.Cli.Commands;

/// <summary>Finds the ids the API needs from what a CSV holds: collectivités by SIREN, agents by employer reference.</summary>
internal sealed class Resolver(CnfptClient client)
{
    private Dictionary<string, int>? _collectivites;

    /// <summary>The collectivités the caller acts for, by SIREN (read once).</summary>
    public async Task<Dictionary<string, int>> CollectivitesAsync(CancellationToken cancellationToken) =>
        _collectivites ??= await client.Collectivites.ListAllAsync(new ODataQuery<Collectivite>().Select(c => c.Id, c => c.Siren), cancellationToken)
            .ToDictionaryAsync(c => c.Siren!, c => c.Id, StringComparer.Ordinal, cancellationToken);

    /// <summary>Agent ids by (collectivité, employer reference), looked up 50 references per request.</summary>
    public async Task<Dictionary<(int Collectivite, string Reference), int>> AgentsAsync(IEnumerable<(int Collectivite, string Reference)> wanted, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(int, string), int>();
        foreach (var group in wanted.Distinct().GroupBy(w => w.Collectivite))
        {
            foreach (var chunk in group.Select(w => w.Reference).Chunk(50))
            {
                var query = new ODataQuery<Agent>().Where(a => a.CollectiviteId, group.Key).WhereIn(a => a.EmployerReference, chunk)
                    .Select(a => a.Id, a => a.CollectiviteId, a => a.EmployerReference);
                await foreach (var agent in client.Agents.ListAllAsync(query, cancellationToken))
                {
                    found[(agent.CollectiviteId, agent.EmployerReference!)] = agent.Id;
                }
            }
        }

        return found;
    }
}
