using Cnfpt.OpenApi.Sdk.Http;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>Agents with their ETags: read, update with If-Match, upsert by employer reference.</summary>
public partial interface IAgentsClient
{
    /// <summary>Reads an agent and its ETag.</summary>
    /// <param name="key">The agent's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The agent and its ETag.</returns>
    Task<Versioned<Agent>> GetVersionedAsync(int key, CancellationToken cancellationToken = default);

    /// <summary>Updates the properties set in <paramref name="changes"/>, if the agent is still at version <paramref name="ifMatch"/>.</summary>
    /// <param name="key">The agent's id.</param>
    /// <param name="changes">The properties to change (unset ones are left as they are).</param>
    /// <param name="ifMatch">The ETag read with the agent; a newer version on the server fails with 412 <c>precondition-failed</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated agent and its new ETag.</returns>
    Task<Versioned<Agent>> UpdateAsync(int key, AgentChanges changes, string ifMatch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the agent, or updates the one with the same employer reference in the same collectivité: how a payroll
    /// file is synchronised. <paramref name="ifMatch"/> <c>*</c> (the default) overwrites whatever version is there.
    /// </summary>
    /// <param name="agent">The agent, with its collectivité and employer reference.</param>
    /// <param name="ifMatch">The expected ETag, or <c>*</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The agent and its ETag.</returns>
    Task<Versioned<Agent>> UpsertByReferenceAsync(AgentInput agent, string ifMatch = "*", CancellationToken cancellationToken = default);
}

/// <summary>Agents with their ETags.</summary>
public partial class AgentsClient
{
    /// <inheritdoc />
    public Task<Versioned<Agent>> GetVersionedAsync(int key, CancellationToken cancellationToken = default) =>
        JsonRequests.SendVersionedAsync<Agent>(_httpClient, JsonRequests.Create(HttpMethod.Get, JsonRequests.Path($"Agents({key})")), cancellationToken);

    /// <inheritdoc />
    public Task<Versioned<Agent>> UpdateAsync(int key, AgentChanges changes, string ifMatch, CancellationToken cancellationToken = default) =>
        JsonRequests.SendVersionedAsync<Agent>(_httpClient, JsonRequests.Create(HttpMethod.Patch, JsonRequests.Path($"Agents({key})"), changes, ifMatch), cancellationToken);

    /// <inheritdoc />
    public Task<Versioned<Agent>> UpsertByReferenceAsync(AgentInput agent, string ifMatch = "*", CancellationToken cancellationToken = default) =>
        JsonRequests.SendVersionedAsync<Agent>(_httpClient, JsonRequests.Create(HttpMethod.Post, JsonRequests.Path("Agents/Upsert"), agent, ifMatch), cancellationToken);
}
