namespace Cnfpt.OpenApi.Api.Auth;

/// <summary>
/// OAuth scopes. An endpoint names the one it needs with <see cref="RequiresScopeAttribute"/>; a token
/// without it gets a 403 problem naming it. docs/security.md lists which caller kind may hold which.
/// </summary>
public static class Scopes
{
    public const string CatalogueRead = "catalogue.read";
    public const string EnrolmentsRead = "enrolments.read";
    public const string EnrolmentsWrite = "enrolments.write";
    public const string AttestationsRead = "attestations.read";
    public const string EnrolmentsManage = "enrolments.manage";
    public const string AttendanceWrite = "attendance.write";
    public const string NeedsWrite = "needs.write";
    public const string StatisticsRead = "statistics.read";
    public const string BilanRead = "bilan.read";
    public const string MandatesRead = "mandates.read";
    public const string MandatesWrite = "mandates.write";
    public const string ClientsAdmin = "clients.admin";
    public const string PrintingManage = "printing.manage";
    public const string ELearningManage = "elearning.manage";

    /// <summary>Every scope with what it grants (also shown in the OpenAPI security scheme).</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [CatalogueRead] = "Read the catalogue with an authenticated (higher) quota; the catalogue is also public.",
        [EnrolmentsRead] = "Read agents, enrolments and acknowledgements of the caller's collectivités.",
        [EnrolmentsWrite] = "Create and update agents, submit and cancel enrolments.",
        [AttestationsRead] = "Read and download attestations.",
        [EnrolmentsManage] = "Accept, waitlist or refuse enrolments (CNFPT back office).",
        [AttendanceWrite] = "Record attendance (CNFPT back office).",
        [NeedsWrite] = "Submit and withdraw training needs (read them, and the pooled plans, with enrolments.read).",
        [StatisticsRead] = "Query statistics with a higher quota.",
        [BilanRead] = "Read the bilan formation of the caller's collectivités.",
        [MandatesRead] = "List the mandates that concern the caller, and the collectivités it may act for.",
        [MandatesWrite] = "Grant and revoke mandates (a collectivité's own IT, CNFPT back office).",
        [ClientsAdmin] = "Register, rotate and revoke API clients (CNFPT back office).",
        [PrintingManage] = "Print and mail paper documents (CNFPT back office).",
        [ELearningManage] = "Report e-learning progress, answer tutor requests and define rollout programmes (the learning platform, CNFPT back office).",
    };

    /// <summary>What each kind of caller may be given at registration.</summary>
    public static IReadOnlyList<string> AllowedFor(CallerKind kind) => kind switch
    {
        CallerKind.Vendor => [CatalogueRead, EnrolmentsRead, EnrolmentsWrite, AttestationsRead, NeedsWrite, StatisticsRead, BilanRead, MandatesRead],
        CallerKind.Collectivite => [CatalogueRead, EnrolmentsRead, EnrolmentsWrite, AttestationsRead, NeedsWrite, StatisticsRead, BilanRead, MandatesRead, MandatesWrite],
        CallerKind.BackOffice => [.. Descriptions.Keys],
        _ => [],
    };
}
