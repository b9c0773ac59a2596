using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Cnfpt.OpenApi.Core.ELearning;

/// <summary>
/// A programme as the back office defines it: its modules and whom it targets — the agents of some collectivités
/// (optionally of some catégories) and/or agents named one by one. At least one target is given.
/// </summary>
public sealed record ProgrammeRequest(
    string? Name, string? Description, DateOnly? StartsOn, DateOnly? EndsOn, IReadOnlyList<int>? ModuleIds,
    IReadOnlyList<int>? CollectiviteIds, IReadOnlyList<AgentCategory>? Categories, IReadOnlyList<int>? AgentIds);

/// <summary>
/// Creates rollout programmes. The targets are written by one <c>INSERT … SELECT</c> from the agents on PostgreSQL
/// (33 000 agents or 2 million: the same statement, no agent row goes through the API).
/// </summary>
public sealed class Programmes(CnfptDbContext db, TimeProvider clock)
{
    public const int MaxModules = 20;
    public const int MaxCollectivites = 50_000;
    public const int MaxAgents = 5_000;

    public async Task<ELearningProgramme> CreateAsync(ProgrammeRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            throw Invalid("name is required (at most 200 characters).", "name");
        }

        if (request.StartsOn is { } start && request.EndsOn is { } end && end < start)
        {
            throw Invalid("endsOn is before startsOn.", "endsOn");
        }

        var moduleIds = request.ModuleIds?.Distinct().ToList() ?? [];
        if (moduleIds.Count is 0 or > MaxModules)
        {
            throw Invalid($"moduleIds names 1 to {MaxModules} modules.", "moduleIds");
        }

        var collectiviteIds = request.CollectiviteIds?.Distinct().ToArray() ?? [];
        var agentIds = request.AgentIds?.Distinct().ToArray() ?? [];
        var categories = request.Categories?.Distinct().Select(c => c.ToString()).ToArray() ?? [];
        if (collectiviteIds.Length == 0 && agentIds.Length == 0)
        {
            throw Invalid("a programme targets agents: give collectiviteIds (with categories, optionally) and/or agentIds.", "collectiviteIds");
        }

        if (collectiviteIds.Length > MaxCollectivites || agentIds.Length > MaxAgents)
        {
            throw Invalid($"at most {MaxCollectivites} collectivités and {MaxAgents} named agents.", agentIds.Length > MaxAgents ? "agentIds" : "collectiviteIds");
        }

        var knownModules = await db.ElearningModules.Where(m => moduleIds.Contains(m.Id)).Select(m => m.Id).ToListAsync(cancellationToken);
        if (knownModules.Count != moduleIds.Count)
        {
            throw new RuleViolationException("module-not-found", RuleViolationKind.Unprocessable, $"No e-learning module {moduleIds.First(id => !knownModules.Contains(id))}.", "moduleIds");
        }

        var knownCollectivites = await db.Collectivites.Where(c => collectiviteIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        if (knownCollectivites.Count != collectiviteIds.Length)
        {
            throw new RuleViolationException("collectivite-not-found", RuleViolationKind.Unprocessable, $"No collectivité {collectiviteIds.First(id => !knownCollectivites.Contains(id))}.", "collectiviteIds");
        }

        var knownAgents = await db.Agents.Where(a => agentIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        if (knownAgents.Count != agentIds.Length)
        {
            throw new RuleViolationException("agent-not-found", RuleViolationKind.Unprocessable, $"No agent {agentIds.First(id => !knownAgents.Contains(id))}.", "agentIds");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var programme = new ELearningProgramme
        {
            Name = name, Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            StartsOn = request.StartsOn, EndsOn = request.EndsOn, CreatedAt = clock.GetUtcNow(), CreatedBy = actor,
        };
        programme.Modules.AddRange(moduleIds.Select(id => new ProgrammeModule { ModuleId = id }));
        db.ElearningProgrammes.Add(programme);
        await db.SaveChangesAsync(cancellationToken);

        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO programme_targets (programme_id, agent_id, collectivite_id)
                SELECT @programme, a.id, a.collectivite_id FROM agents a
                WHERE (a.collectivite_id = ANY(@collectivites) AND (cardinality(@categories) = 0 OR a.category = ANY(@categories)))
                   OR a.id = ANY(@agents)
                """,
                [
                    new NpgsqlParameter("programme", programme.Id),
                    new NpgsqlParameter("collectivites", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = collectiviteIds },
                    new NpgsqlParameter("categories", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = categories },
                    new NpgsqlParameter("agents", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = agentIds },
                ],
                cancellationToken);
        }
        else
        {
            var wanted = request.Categories?.Distinct().ToList() ?? [];
            var targets = await db.Agents
                .Where(a => (collectiviteIds.Contains(a.CollectiviteId) && (wanted.Count == 0 || wanted.Contains(a.Category))) || agentIds.Contains(a.Id))
                .Select(a => new ProgrammeTarget { ProgrammeId = programme.Id, AgentId = a.Id, CollectiviteId = a.CollectiviteId })
                .ToListAsync(cancellationToken);
            db.ProgrammeTargets.AddRange(targets);
            await db.SaveChangesAsync(cancellationToken);
        }

        programme.TargetedAgents = await db.ProgrammeTargets.CountAsync(t => t.ProgrammeId == programme.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return programme;
    }

    private static RuleViolationException Invalid(string detail, string field) => new("validation-failed", RuleViolationKind.Invalid, detail, field);
}
