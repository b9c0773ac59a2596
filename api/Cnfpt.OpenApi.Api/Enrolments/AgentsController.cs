using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Api.Versioning;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Attributes;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Enrolments;

/// <summary>
/// Agents of the collectivités the caller acts for. Rows of other collectivités do not exist for the
/// caller: they are filtered in SQL, and reading one by key is a 404.
/// </summary>
[ODataRouteComponent(EdmV1.Prefix)]
[RequiresScope(Scopes.EnrolmentsRead)]
public sealed class AgentsController(CnfptDbContext db) : ODataController
{
    /// <summary>Lists agents.</summary>
    [CnfptQuery]
    public IQueryable<Agent> Get() => db.Agents.AsNoTracking();

    /// <summary>Reads one agent.</summary>
    [CnfptQuery]
    public SingleResult<Agent> Get(int key) => SingleResult.Create(db.Agents.AsNoTracking().Where(a => a.Id == key));
}
