using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tenancy;

/// <summary>The collectivités the caller acts for (its mandates; its own for a collectivité's IT; all for the back office).</summary>
[RequiresScope(Scopes.MandatesRead)]
public sealed class CollectivitesController(CnfptDbContext db) : ODataController
{
    /// <summary>Lists the collectivités the caller may act for.</summary>
    [CnfptQuery]
    public IQueryable<Collectivite> Get() => db.Collectivites.AsNoTracking();

    /// <summary>Reads one of them; 404 for any other.</summary>
    [CnfptQuery]
    public SingleResult<Collectivite> Get(int key) => SingleResult.Create(db.Collectivites.AsNoTracking().Where(c => c.Id == key));
}
