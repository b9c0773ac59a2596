using System.Reflection;
using Cnfpt.OpenApi.Sdk.Attestations;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Sdk;

/// <summary>
/// The entry point: one client per entity set (generated from the contract, extended by hand with auto-paging, ETags,
/// bulk enrolment), over one HttpClient whose handlers authenticate, retry, add Idempotency-Keys and turn errors into
/// <see cref="CnfptProblemException"/>. Create it with <see cref="CnfptClient(CnfptClientOptions)"/>, or register it
/// with <see cref="CnfptServiceCollectionExtensions.AddCnfptOpenApi(IServiceCollection, Action{CnfptClientOptions})"/>.
/// </summary>
public sealed class CnfptClient : IDisposable
{
    private readonly ServiceProvider? _owned;

    /// <summary>Creates a client with its own handler pipeline (dispose it when done).</summary>
    /// <param name="options">Where the API is and who calls it.</param>
    public CnfptClient(CnfptClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var services = new ServiceCollection();
        if (options.LoggerFactory is { } loggers)
        {
            services.AddSingleton(loggers);
        }

        services.AddCnfptOpenApi(options);
        _owned = services.BuildServiceProvider();
        HttpClient = _owned.GetRequiredService<IHttpClientFactory>().CreateClient(CnfptServiceCollectionExtensions.HttpClientName);
        (Courses, Sessions, Themes, Domains, Delegations, Communes, Collectivites, Agents, Enrolments, Mandates, PrintBatches, Statistics, Clients) = Create(HttpClient);
        Attestations = new AttestationsClient(HttpClient) { Options = options, KeyStore = _owned.GetRequiredService<AttestationKeyStore>() };
    }

    /// <summary>Creates a client over an HttpClient from <c>AddCnfptOpenApi</c> (dependency injection calls this).</summary>
    /// <param name="httpClient">The configured HttpClient.</param>
    [ActivatorUtilitiesConstructor]
    public CnfptClient(HttpClient httpClient)
    {
        HttpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        (Courses, Sessions, Themes, Domains, Delegations, Communes, Collectivites, Agents, Enrolments, Mandates, PrintBatches, Statistics, Clients) = Create(HttpClient);
        Attestations = new AttestationsClient(HttpClient);
    }

    /// <summary>The client <c>AddCnfptOpenApi</c> registers: its options and the container's attestation key cache.</summary>
    internal CnfptClient(HttpClient httpClient, CnfptClientOptions options, AttestationKeyStore keys)
        : this(httpClient) =>
        Attestations = new AttestationsClient(httpClient) { Options = options, KeyStore = keys };

    /// <summary>The API version this SDK was generated for and calls (<c>v1</c>…): the version is pinned by the package.</summary>
    public static string ApiVersion { get; } =
        typeof(CnfptClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CnfptApiVersion").Value!;

    /// <summary>The underlying HttpClient, with every handler: for calls the SDK does not wrap.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>Courses of the catalogue.</summary>
    public ICoursesClient Courses { get; }

    /// <summary>Sessions of the catalogue.</summary>
    public ISessionsClient Sessions { get; }

    /// <summary>Themes of the catalogue.</summary>
    public IThemesClient Themes { get; }

    /// <summary>Domains of the catalogue.</summary>
    public IDomainsClient Domains { get; }

    /// <summary>CNFPT délégations.</summary>
    public IDelegationsClient Delegations { get; }

    /// <summary>Communes.</summary>
    public ICommunesClient Communes { get; }

    /// <summary>The collectivités the caller acts for.</summary>
    public ICollectivitesClient Collectivites { get; }

    /// <summary>Agents of the caller's collectivités.</summary>
    public IAgentsClient Agents { get; }

    /// <summary>Enrolments (bulletins d'inscription).</summary>
    public IEnrolmentsClient Enrolments { get; }

    /// <summary>Attestations de suivi of the caller's agents: list, PDF, offline and online verification.</summary>
    public IAttestationsClient Attestations { get; }

    /// <summary>Mandates between collectivités and vendors.</summary>
    public IMandatesClient Mandates { get; }

    /// <summary>Paper print batches (back office).</summary>
    public IPrintBatchesClient PrintBatches { get; }

    /// <summary>Open-data statistics (anonymous).</summary>
    public IStatisticsClient Statistics { get; }

    /// <summary>API clients (back office).</summary>
    public IClientsClient Clients { get; }

    /// <inheritdoc />
    public void Dispose() => _owned?.Dispose();

    private static (ICoursesClient, ISessionsClient, IThemesClient, IDomainsClient, IDelegationsClient, ICommunesClient, ICollectivitesClient,
        IAgentsClient, IEnrolmentsClient, IMandatesClient, IPrintBatchesClient, IStatisticsClient, IClientsClient) Create(HttpClient http) =>
        (new CoursesClient(http), new SessionsClient(http), new ThemesClient(http), new DomainsClient(http), new DelegationsClient(http),
         new CommunesClient(http), new CollectivitesClient(http), new AgentsClient(http), new EnrolmentsClient(http), new MandatesClient(http),
         new PrintBatchesClient(http), new StatisticsClient(http), new ClientsClient(http));
}
