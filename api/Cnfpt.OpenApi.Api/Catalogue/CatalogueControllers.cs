using System.Linq.Expressions;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Api.OpenApi;
using Cnfpt.OpenApi.Api.Versioning;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Attributes;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Catalogue;

/// <summary>Courses of the catalogue (offre de formation). <c>$search</c> looks into code, title and description.</summary>
public sealed class CoursesController(CnfptDbContext db) : CatalogueController<Course, int>(db)
{
    /// <summary>Sessions of a course: <c>/v1/Courses(12)/sessions</c>.</summary>
    [CnfptQuery]
    [ProducesResponseType<ODataPage<Session>>(StatusCodes.Status200OK)]
    public Task<IActionResult> GetSessions(int key) => RelatedAsync(key, Db.Sessions.AsNoTracking().Where(s => s.CourseId == key));

    /// <summary>Theme of a course.</summary>
    [CnfptQuery]
    public SingleResult<Theme> GetTheme(int key) => SingleResult.Create(Db.Courses.AsNoTracking().Where(c => c.Id == key).Select(c => c.Theme!));

    protected override Expression<Func<Course, bool>> HasKey(int key) => c => c.Id == key;
}

/// <summary>Dated sessions of the courses. <c>$search</c> looks into their course.</summary>
[ODataRouteComponent(EdmV1.Prefix)]
public sealed class SessionsController(CnfptDbContext db) : CatalogueController<Session, int>(db)
{
    /// <summary>Course of a session.</summary>
    [CnfptQuery]
    public SingleResult<Course> GetCourse(int key) => SingleResult.Create(Db.Sessions.AsNoTracking().Where(s => s.Id == key).Select(s => s.Course!));

    /// <summary>Délégation that runs a session.</summary>
    [CnfptQuery]
    public SingleResult<Delegation> GetDelegation(int key) => SingleResult.Create(Db.Sessions.AsNoTracking().Where(s => s.Id == key).Select(s => s.Delegation!));

    /// <summary>Commune where a session takes place.</summary>
    [CnfptQuery]
    public SingleResult<Commune> GetCommune(int key) => SingleResult.Create(Db.Sessions.AsNoTracking().Where(s => s.Id == key).Select(s => s.Commune!));

    protected override Expression<Func<Session, bool>> HasKey(int key) => s => s.Id == key;
}

/// <summary>Themes of the offer, with their seuil de territorialisation.</summary>
public sealed class ThemesController(CnfptDbContext db) : CatalogueController<Theme, int>(db)
{
    /// <summary>Courses of a theme.</summary>
    [CnfptQuery]
    [ProducesResponseType<ODataPage<Course>>(StatusCodes.Status200OK)]
    public Task<IActionResult> GetCourses(int key) => RelatedAsync(key, Db.Courses.AsNoTracking().Where(c => c.ThemeId == key));

    /// <summary>Domain of a theme.</summary>
    [CnfptQuery]
    public SingleResult<TrainingDomain> GetDomain(int key) => SingleResult.Create(Db.Themes.AsNoTracking().Where(t => t.Id == key).Select(t => t.Domain!));

    protected override Expression<Func<Theme, bool>> HasKey(int key) => t => t.Id == key;
}

/// <summary>Domains grouping the themes.</summary>
public sealed class DomainsController(CnfptDbContext db) : CatalogueController<TrainingDomain, int>(db)
{
    /// <summary>Themes of a domain.</summary>
    [CnfptQuery]
    [ProducesResponseType<ODataPage<Theme>>(StatusCodes.Status200OK)]
    public Task<IActionResult> GetThemes(int key) => RelatedAsync(key, Db.Themes.AsNoTracking().Where(t => t.DomainId == key));

    protected override Expression<Func<TrainingDomain, bool>> HasKey(int key) => d => d.Id == key;
}

/// <summary>CNFPT délégations and schools (INET, INSET) that run sessions.</summary>
public sealed class DelegationsController(CnfptDbContext db) : CatalogueController<Delegation, int>(db)
{
    /// <summary>Sessions run by a délégation.</summary>
    [CnfptQuery]
    [ProducesResponseType<ODataPage<Session>>(StatusCodes.Status200OK)]
    public Task<IActionResult> GetSessions(int key) => RelatedAsync(key, Db.Sessions.AsNoTracking().Where(s => s.DelegationId == key));

    /// <summary>Commune of a délégation's main site.</summary>
    [CnfptQuery]
    public SingleResult<Commune> GetCommune(int key) => SingleResult.Create(Db.Delegations.AsNoTracking().Where(d => d.Id == key).Select(d => d.Commune!));

    protected override Expression<Func<Delegation, bool>> HasKey(int key) => d => d.Id == key;
}

/// <summary>Communes where sessions take place, keyed by INSEE code: <c>/v1/Communes('59350')</c>.</summary>
public sealed class CommunesController(CnfptDbContext db) : CatalogueController<Commune, string>(db)
{
    protected override Expression<Func<Commune, bool>> HasKey(string key) => c => c.Code == key;
}
