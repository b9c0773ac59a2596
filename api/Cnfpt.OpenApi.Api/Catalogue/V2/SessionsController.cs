using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Api.Versioning;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Attributes;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Catalogue.V2;

/// <summary>Dated sessions of the courses, v2 shape (<see cref="SessionV2"/>). <c>$search</c> looks into their course.</summary>
[ODataRouteComponent(EdmV2.Prefix)]
[Produces("application/json")]
[AllowAnonymous]
public sealed class SessionsController(CnfptDbContext db) : ODataController
{
    private IQueryable<SessionV2> Sessions => db.Sessions.AsNoTracking().Select(SessionV2.FromSession);

    /// <summary>Lists the sessions, 100 per page (follow <c>@odata.nextLink</c>), with OData query options.</summary>
    [CnfptQuery]
    public IQueryable<SessionV2> Get() => Sessions;

    /// <summary>Reads one session by key; 404 problem when it does not exist.</summary>
    [CnfptQuery]
    public SingleResult<SessionV2> Get(int key) => SingleResult.Create(Sessions.Where(s => s.Id == key));

    /// <summary>Course of a session.</summary>
    [CnfptQuery]
    public SingleResult<Course> GetCourse(int key) => SingleResult.Create(db.Sessions.AsNoTracking().Where(s => s.Id == key).Select(s => s.Course!));

    /// <summary>Délégation that runs a session.</summary>
    [CnfptQuery]
    public SingleResult<Delegation> GetDelegation(int key) => SingleResult.Create(db.Sessions.AsNoTracking().Where(s => s.Id == key).Select(s => s.Delegation!));

    /// <summary>Commune where a session takes place.</summary>
    [CnfptQuery]
    public SingleResult<Commune> GetCommune(int key) => SingleResult.Create(db.Sessions.AsNoTracking().Where(s => s.Id == key).Select(s => s.Commune!));
}
