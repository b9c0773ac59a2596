using Cnfpt.OpenApi.Sdk;

using var cnfpt = new CnfptClient(new CnfptClientOptions
{
    BaseAddress = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5080/"), // the sandbox
    ClientId = "demo-collectivite-1",
    ClientSecret = "sandbox-secret-collectivite-1",
});

var agent = await cnfpt.Agents.UpsertByReferenceAsync(new AgentInput
{
    CollectiviteId = 1, EmployerReference = "QS-0001", LastName = "Durand", FirstName = "Camille", Category = AgentCategory.C,
    Status = AgentStatus.Titulaire, CadreEmplois = "Adjoint administratif territorial", AppointmentDate = new DateOnly(2024, 9, 1),
});
var session = await cnfpt.Sessions.ListAllAsync(new ODataQuery<Session>().Where(s => s.Status, SessionStatus.OpenForEnrolment)
    .Where(s => s.StartDate, ODataOperator.Gt, DateOnly.FromDateTime(DateTime.Today)).Where(s => s.Course.TargetCategories, TargetCategories.All)).FirstAsync();

var enrolment = await cnfpt.Enrolments.SubmitAsync(new EnrolmentSubmission { AgentId = agent.Value.Id, SessionId = session.Id, Motive = "Prise de poste" });
Console.WriteLine($"Agent {agent.Value.Id} enrolled in session {session.Id}: enrolment {enrolment.Value.Id}, {enrolment.Value.Status}");
