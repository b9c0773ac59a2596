using System.Linq.Expressions;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Core.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Catalogue;

/// <summary>
/// The read-only shape every catalogue entity set shares: a queryable collection and a lookup by key, both
/// composed by OData into one SQL query (filters, ordering, paging and expansions run in the database).
/// The catalogue is public: no token is needed.
/// </summary>
[Produces("application/json")]
[AllowAnonymous]
public abstract class CatalogueController<TEntity, TKey>(CnfptDbContext db) : ODataController
    where TEntity : class
{
    protected CnfptDbContext Db { get; } = db;

    /// <summary>Lists the entity set, 100 per page (follow <c>@odata.nextLink</c>), with OData query options.</summary>
    [CnfptQuery]
    public IQueryable<TEntity> Get() => Db.Set<TEntity>().AsNoTracking();

    /// <summary>Reads one entity by key; 404 problem when it does not exist.</summary>
    [CnfptQuery]
    public SingleResult<TEntity> Get(TKey key) => SingleResult.Create(Db.Set<TEntity>().AsNoTracking().Where(HasKey(key)));

    protected abstract Expression<Func<TEntity, bool>> HasKey(TKey key);

    /// <summary>
    /// A collection reached through a navigation (<c>Courses(12)/sessions</c>): 404 when the parent does not
    /// exist, otherwise the related rows as a queryable that OData pages like any collection.
    /// </summary>
    protected async Task<IActionResult> RelatedAsync<TRelated>(TKey key, IQueryable<TRelated> related)
    {
        if (!await Db.Set<TEntity>().AnyAsync(HasKey(key), HttpContext.RequestAborted))
        {
            return NotFound();
        }

        return Ok(related);
    }

}
