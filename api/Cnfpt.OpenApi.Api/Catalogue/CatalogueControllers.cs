using System.Linq.Expressions;
using Cnfpt.OpenApi.Api.Versioning;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.OData.Routing.Attributes;

namespace Cnfpt.OpenApi.Api.Catalogue;

/// <summary>Courses of the catalogue (offre de formation). <c>$search</c> looks into code, title and description.</summary>
[ODataRouteComponent(EdmV1.Prefix)]
public sealed class CoursesController(CnfptDbContext db) : CatalogueController<Course, int>(db)
{
    protected override Expression<Func<Course, bool>> HasKey(int key) => c => c.Id == key;
}

/// <summary>Dated sessions of the courses. <c>$search</c> looks into their course.</summary>
[ODataRouteComponent(EdmV1.Prefix)]
public sealed class SessionsController(CnfptDbContext db) : CatalogueController<Session, int>(db)
{
    protected override Expression<Func<Session, bool>> HasKey(int key) => s => s.Id == key;
}

/// <summary>Themes of the offer, with their seuil de territorialisation.</summary>
[ODataRouteComponent(EdmV1.Prefix)]
public sealed class ThemesController(CnfptDbContext db) : CatalogueController<Theme, int>(db)
{
    protected override Expression<Func<Theme, bool>> HasKey(int key) => t => t.Id == key;
}

/// <summary>Domains grouping the themes.</summary>
[ODataRouteComponent(EdmV1.Prefix)]
public sealed class DomainsController(CnfptDbContext db) : CatalogueController<TrainingDomain, int>(db)
{
    protected override Expression<Func<TrainingDomain, bool>> HasKey(int key) => d => d.Id == key;
}

/// <summary>CNFPT délégations and schools (INET, INSET) that run sessions.</summary>
[ODataRouteComponent(EdmV1.Prefix)]
public sealed class DelegationsController(CnfptDbContext db) : CatalogueController<Delegation, int>(db)
{
    protected override Expression<Func<Delegation, bool>> HasKey(int key) => d => d.Id == key;
}

/// <summary>Communes where sessions take place, keyed by INSEE code: <c>/v1/Communes('59350')</c>.</summary>
[ODataRouteComponent(EdmV1.Prefix)]
public sealed class CommunesController(CnfptDbContext db) : CatalogueController<Commune, string>(db)
{
    protected override Expression<Func<Commune, bool>> HasKey(string key) => c => c.Code == key;
}
