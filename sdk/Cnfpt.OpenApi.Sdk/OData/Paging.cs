// Auto-paging for each entity set of the generated clients (partial types): one pattern, repeated on purpose so that
// IntelliSense shows ListAllAsync on client.Courses, client.Sessions… (see ODataPaging for the loop).
namespace Cnfpt.OpenApi.Sdk;

/// <summary>The Courses collection.</summary>
public partial interface ICoursesClient
{
    /// <summary>Every Course matching the query, page after page (<c>@odata.nextLink</c>), as they arrive.</summary>
    /// <param name="query">Query options, or null for the whole collection.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<Course> ListAllAsync(ODataQuery<Course>? query = null, CancellationToken cancellationToken = default);
}

/// <summary>The Courses collection.</summary>
public partial class CoursesClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<Course> ListAllAsync(ODataQuery<Course>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "Courses", query, cancellationToken);
}

/// <summary>The Sessions collection.</summary>
public partial interface ISessionsClient
{
    /// <summary>Every Session matching the query, page after page (<c>@odata.nextLink</c>), as they arrive.</summary>
    /// <param name="query">Query options, or null for the whole collection.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<Session> ListAllAsync(ODataQuery<Session>? query = null, CancellationToken cancellationToken = default);
}

/// <summary>The Sessions collection.</summary>
public partial class SessionsClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<Session> ListAllAsync(ODataQuery<Session>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "Sessions", query, cancellationToken);
}

/// <summary>The Themes collection.</summary>
public partial interface IThemesClient
{
    /// <summary>Every Theme matching the query, page after page (<c>@odata.nextLink</c>), as they arrive.</summary>
    /// <param name="query">Query options, or null for the whole collection.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<Theme> ListAllAsync(ODataQuery<Theme>? query = null, CancellationToken cancellationToken = default);
}

/// <summary>The Themes collection.</summary>
public partial class ThemesClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<Theme> ListAllAsync(ODataQuery<Theme>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "Themes", query, cancellationToken);
}

/// <summary>The Domains collection.</summary>
public partial interface IDomainsClient
{
    /// <summary>Every Domain matching the query, page after page (<c>@odata.nextLink</c>), as they arrive.</summary>
    /// <param name="query">Query options, or null for the whole collection.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<Domain> ListAllAsync(ODataQuery<Domain>? query = null, CancellationToken cancellationToken = default);
}

/// <summary>The Domains collection.</summary>
public partial class DomainsClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<Domain> ListAllAsync(ODataQuery<Domain>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "Domains", query, cancellationToken);
}

/// <summary>The Delegations collection.</summary>
public partial interface IDelegationsClient
{
    /// <summary>Every Delegation matching the query, page after page (<c>@odata.nextLink</c>), as they arrive.</summary>
    /// <param name="query">Query options, or null for the whole collection.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<Delegation> ListAllAsync(ODataQuery<Delegation>? query = null, CancellationToken cancellationToken = default);
}

/// <summary>The Delegations collection.</summary>
public partial class DelegationsClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<Delegation> ListAllAsync(ODataQuery<Delegation>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "Delegations", query, cancellationToken);
}

/// <summary>The Communes collection.</summary>
public partial interface ICommunesClient
{
    /// <summary>Every Commune matching the query, page after page (<c>@odata.nextLink</c>), as they arrive.</summary>
    /// <param name="query">Query options, or null for the whole collection.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<Commune> ListAllAsync(ODataQuery<Commune>? query = null, CancellationToken cancellationToken = default);
}

/// <summary>The Communes collection.</summary>
public partial class CommunesClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<Commune> ListAllAsync(ODataQuery<Commune>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "Communes", query, cancellationToken);
}

/// <summary>The Collectivites collection.</summary>
public partial interface ICollectivitesClient
{
    /// <summary>Every Collectivite matching the query, page after page (<c>@odata.nextLink</c>), as they arrive.</summary>
    /// <param name="query">Query options, or null for the whole collection.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<Collectivite> ListAllAsync(ODataQuery<Collectivite>? query = null, CancellationToken cancellationToken = default);
}

/// <summary>The Collectivites collection.</summary>
public partial class CollectivitesClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<Collectivite> ListAllAsync(ODataQuery<Collectivite>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "Collectivites", query, cancellationToken);
}

/// <summary>The Agents collection.</summary>
public partial interface IAgentsClient
{
    /// <summary>Every Agent matching the query, page after page (<c>@odata.nextLink</c>), as they arrive.</summary>
    /// <param name="query">Query options, or null for the whole collection.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<Agent> ListAllAsync(ODataQuery<Agent>? query = null, CancellationToken cancellationToken = default);
}

/// <summary>The Agents collection.</summary>
public partial class AgentsClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<Agent> ListAllAsync(ODataQuery<Agent>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "Agents", query, cancellationToken);
}

/// <summary>The Enrolments collection.</summary>
public partial interface IEnrolmentsClient
{
    /// <summary>Every Enrolment matching the query, page after page (<c>@odata.nextLink</c>), as they arrive.</summary>
    /// <param name="query">Query options, or null for the whole collection.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<Enrolment> ListAllAsync(ODataQuery<Enrolment>? query = null, CancellationToken cancellationToken = default);
}

/// <summary>The Enrolments collection.</summary>
public partial class EnrolmentsClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<Enrolment> ListAllAsync(ODataQuery<Enrolment>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "Enrolments", query, cancellationToken);
}

/// <summary>The Mandates collection.</summary>
public partial interface IMandatesClient
{
    /// <summary>Every Mandate matching the query, page after page (<c>@odata.nextLink</c>), as they arrive.</summary>
    /// <param name="query">Query options, or null for the whole collection.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<Mandate> ListAllAsync(ODataQuery<Mandate>? query = null, CancellationToken cancellationToken = default);
}

/// <summary>The Mandates collection.</summary>
public partial class MandatesClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<Mandate> ListAllAsync(ODataQuery<Mandate>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "Mandates", query, cancellationToken);
}

/// <summary>The PrintBatches collection.</summary>
public partial interface IPrintBatchesClient
{
    /// <summary>Every PrintBatch matching the query, page after page (<c>@odata.nextLink</c>), as they arrive.</summary>
    /// <param name="query">Query options, or null for the whole collection.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<PrintBatch> ListAllAsync(ODataQuery<PrintBatch>? query = null, CancellationToken cancellationToken = default);
}

/// <summary>The PrintBatches collection.</summary>
public partial class PrintBatchesClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<PrintBatch> ListAllAsync(ODataQuery<PrintBatch>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "PrintBatches", query, cancellationToken);
}

/// <summary>The Statistics collection.</summary>
public partial interface IStatisticsClient
{
    /// <summary>Every StatisticsRow matching the query, page after page (<c>@odata.nextLink</c>), as they arrive.</summary>
    /// <param name="query">Query options, or null for the whole collection.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<StatisticsRow> ListAllAsync(ODataQuery<StatisticsRow>? query = null, CancellationToken cancellationToken = default);
}

/// <summary>The Statistics collection.</summary>
public partial class StatisticsClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<StatisticsRow> ListAllAsync(ODataQuery<StatisticsRow>? query = null, CancellationToken cancellationToken = default) =>
        ODataPaging.ListAllAsync(_httpClient, "Statistics", query, cancellationToken);
}
