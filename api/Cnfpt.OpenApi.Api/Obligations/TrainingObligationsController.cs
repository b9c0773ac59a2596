using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Obligations;

/// <summary>
/// Where one agent stands on one statutory obligation (parcours de formation initiale): required days (the
/// statutory minimum; <c>maximumDays</c> the most the statute provides for), days done from valid attestations,
/// days remaining, the period and its deadline (last day allowed), and a status: Done, OnTrack or Late.
/// </summary>
public sealed class TrainingObligation
{
    /// <summary>"{agentId}-{kind}".</summary>
    public required string Id { get; set; }

    public int AgentId { get; set; }

    public int CollectiviteId { get; set; }

    public required string AgentLastName { get; set; }

    public required string AgentFirstName { get; set; }

    public AgentCategory Category { get; set; }

    public AgentStatus AgentStatus { get; set; }

    public DateOnly AppointmentDate { get; set; }

    public ObligationKind Kind { get; set; }

    public decimal RequiredDays { get; set; }

    public decimal MaximumDays { get; set; }

    public decimal DaysDone { get; set; }

    public decimal DaysRemaining { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly Deadline { get; set; }

    public ObligationStatus Status { get; set; }
}

/// <summary>
/// The obligations of the agents of the caller's collectivités, computed on request from their appointment and
/// their valid attestations by <see cref="TrainingObligations"/> (Core/Rules). Filter like any entity set:
/// <c>$filter=kind eq 'Integration' and status eq 'Late'</c>; one agent's: <c>Agents({id})/TrainingObligations()</c>.
/// </summary>
[RequiresScope(Scopes.EnrolmentsRead)]
public sealed class TrainingObligationsController(CnfptDbContext db, TimeProvider clock) : ODataController
{
    /// <summary>Lists the obligations of every agent of the caller's collectivités (contractuels have none).</summary>
    /// <remarks>Computed in memory over the caller's agents: a collectivité's few thousand agents at most.</remarks>
    [CnfptQuery]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<OpenApi.ODataPage<TrainingObligation>>(StatusCodes.Status200OK)]
    public async Task<IQueryable<TrainingObligation>> Get(CancellationToken cancellationToken) =>
        (await ObligationsOf(db, db.Agents, FrenchFormat.ParisDay(clock.GetUtcNow()), cancellationToken)).AsQueryable();

    /// <summary>The obligations of the given agents on <paramref name="today"/>, from their valid attestations.</summary>
    internal static async Task<List<TrainingObligation>> ObligationsOf(CnfptDbContext db, IQueryable<Agent> agents, DateOnly today, CancellationToken cancellationToken) =>
        [.. (await AgentObligationsQuery.EvaluateAsync(db, agents, today, cancellationToken)).SelectMany(a => a.Obligations.Select(o => new TrainingObligation
        {
            Id = $"{a.AgentId.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{o.Kind}",
            AgentId = a.AgentId, CollectiviteId = a.CollectiviteId, AgentLastName = a.LastName, AgentFirstName = a.FirstName,
            Category = a.Category, AgentStatus = a.Status, AppointmentDate = a.AppointmentDate,
            Kind = o.Kind, RequiredDays = o.RequiredDays, MaximumDays = o.MaximumDays, DaysDone = o.DaysDone, DaysRemaining = o.DaysRemaining,
            PeriodStart = o.PeriodStart, Deadline = o.Deadline, Status = o.Status,
        }))];
}
