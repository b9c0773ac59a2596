// What an HR software suite does with the API, through the SDK, for the collectivités that gave it a mandate:
//   1. sync the catalogue (open sessions), 2. upsert the agents of its payroll file, 3. enrol them in bulk,
//   4. follow each enrolment's status and history, 5. download the accusé de réception (PDF), 6. download an
//   attestation de suivi and verify its signature offline, with the CNFPT's published keys.
// Running it again is safe: agents are upserted, and each enrolment's Idempotency-Key comes from the suite's own
// record (agent + session), so a second run replays the first answers instead of enrolling twice.
//   dotnet run --project samples/HrSuiteIntegration [-- BASE_URL [OUT_DIR]]
using System.Globalization;
using Cnfpt.OpenApi.Sdk;

var baseAddress = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5080/");
var outDir = args.Length > 1 ? args[1] : ".";
using var cnfpt = new CnfptClient(new CnfptClientOptions
{
    BaseAddress = baseAddress,
    ClientId = Environment.GetEnvironmentVariable("CNFPT_CLIENT_ID") ?? "demo-vendor-a", // a vendor, mandated by collectivités 1–12
    ClientSecret = Environment.GetEnvironmentVariable("CNFPT_CLIENT_SECRET") ?? "sandbox-secret-vendor-a",
});

// 1. Catalogue: the sessions still to come, open for enrolment, of courses for every catégorie, soonest first.
var sessions = await cnfpt.Sessions.ListAllAsync(new ODataQuery<Session>()
    .Where(s => s.Status, SessionStatus.OpenForEnrolment)
    .Where(s => s.StartDate, ODataOperator.Gt, DateOnly.FromDateTime(DateTime.UtcNow))
    .Where(s => s.Course.TargetCategories, TargetCategories.All)
    .Expand(s => s.Course, "$select=code,title")
    .OrderBy(s => s.StartDate)).ToListAsync();
Console.WriteLine($"Catalogue: {sessions.Count} open sessions for every catégorie");
// Chosen by what does not change between runs (a run's own enrolments change the seats left), so that running the
// sample again picks the same session and replays its enrolments.
var session = sessions.First(s => s.Capacity >= 12);
Console.WriteLine($"Chosen session {session.Id}: {session.Course.Title}, {session.StartDate:yyyy-MM-dd}, {session.Capacity - session.SeatsTaken} seats left");

// 2. Agents of the payroll file, upserted by the suite's own employee number.
var collectivite = (await cnfpt.Collectivites.ListAsync(top: 1, orderby: "id")).Value!.First();
(string Reference, string Last, string First)[] payroll = [("HR-0001", "Lefèvre", "Chloé"), ("HR-0002", "N'Diaye", "Moussa"), ("HR-0003", "Garcia", "Inès")];
var agents = new List<Agent>();
foreach (var (reference, last, first) in payroll)
{
    var agent = await cnfpt.Agents.UpsertByReferenceAsync(new AgentInput
    {
        CollectiviteId = collectivite.Id, EmployerReference = reference, LastName = last, FirstName = first, Category = AgentCategory.C,
        Status = AgentStatus.Titulaire, CadreEmplois = "Adjoint administratif territorial", AppointmentDate = new DateOnly(2023, 9, 1),
    });
    agents.Add(agent.Value);
}

Console.WriteLine($"Agents: {agents.Count} synchronised for collectivité {collectivite.Id} ({collectivite.Name})");

// 3. Bulk enrolment ($batch), with keys from the suite's records.
var outcomes = await cnfpt.Enrolments.EnrolManyAsync(agents.Select(a => new EnrolmentSubmission
{
    AgentId = a.Id, SessionId = session.Id, Motive = "Formation d'intégration", IdempotencyKey = $"hr-suite-{a.EmployerReference}-{session.Id}",
}));
foreach (var outcome in outcomes)
{
    Console.WriteLine(outcome.Succeeded
        ? $"Enrolled: {agents[outcome.Index].EmployerReference} → enrolment {outcome.Enrolment!.Id}, {outcome.Enrolment.Status}{(outcome.Replayed ? " (replayed)" : "")}"
        : $"Refused: {agents[outcome.Index].EmployerReference}: {outcome.Problem!.Code}: {outcome.Problem.Detail}");
}

// 4 and 5. Status, history and the accusé de réception of each enrolment.
foreach (var outcome in outcomes.Where(o => o.Succeeded))
{
    var enrolment = await cnfpt.Enrolments.GetVersionedAsync(outcome.Enrolment!.Id);
    var history = await cnfpt.Enrolments.GetEventsAsync(enrolment.Value.Id, orderby: "id");
    Console.WriteLine($"Status: enrolment {enrolment.Value.Id} is {enrolment.Value.Status} (ETag {enrolment.ETag}): "
        + string.Join(" → ", history.Value!.Select(e => e.ToStatus.ToString())));
    var pdf = await cnfpt.Enrolments.GetAcknowledgementPdfAsync(enrolment.Value.Id);
    var file = Path.Combine(outDir, string.Create(CultureInfo.InvariantCulture, $"ar-{enrolment.Value.Id}.pdf"));
    await File.WriteAllBytesAsync(file, pdf);
    Console.WriteLine($"AR saved: {file} ({pdf.Length} bytes)");
}

// 6. Attestations de suivi: the latest valid one of the suite's collectivités, its PDF for the agent's file, and its
// signed token checked offline (the keys are fetched once and cached; revocation needs VerifyOnlineAsync).
var attestation = await cnfpt.Attestations.ListAllAsync(new ODataQuery<Attestation>()
    .Where(a => a.Status, AttestationStatus.Valid)
    .OrderBy(a => a.Id, descending: true)
    .Top(1)).FirstOrDefaultAsync();
if (attestation is null)
{
    Console.WriteLine("Attestations: none yet for these collectivités");
    return 1;
}

var attestationFile = Path.Combine(outDir, $"{attestation.Number}.pdf");
await using (var pdf = await cnfpt.Attestations.DownloadPdfAsync(attestation.Id))
await using (var file = File.Create(attestationFile))
{
    await pdf.CopyToAsync(file);
}

var verification = await cnfpt.Attestations.VerifyOfflineAsync(attestation.SignedToken!);
Console.WriteLine($"Attestation {attestation.Number} saved: {attestationFile} ({new FileInfo(attestationFile).Length} bytes)");
Console.WriteLine(verification.IsValid
    ? string.Create(CultureInfo.InvariantCulture, $"Verified offline: {verification.Verdict}, key {verification.KeyId}: {verification.Attestation!.AgentFirstName} {verification.Attestation.AgentLastName}, {verification.Attestation.CourseTitle}, {verification.Attestation.DaysAttended} day(s)")
    : $"Verification failed: {verification}");
return verification.IsValid ? 0 : 1;
