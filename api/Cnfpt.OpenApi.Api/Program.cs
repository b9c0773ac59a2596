using Cnfpt.OpenApi.Api.Data;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Api.OpenApi;

// Request path: problem-details exception handler → status-code pages → OData routing for the version
// prefix → controller → EF Core → PostgreSQL (or the sandbox's SQLite file). See docs/architecture.md.
var builder = WebApplication.CreateBuilder(args);
builder.Host.UseDefaultServiceProvider(o => { o.ValidateOnBuild = true; o.ValidateScopes = true; });

builder.AddCnfptDatabase();
builder.Services.AddCnfptProblemDetails();
builder.Services.AddCnfptOData();
builder.Services.AddCnfptOpenApi();

var app = builder.Build();

app.UseCnfptProblemDetails();
app.UseCnfptOpenApi();
app.MapControllers();

await app.PrepareDatabaseAsync();
app.Lifetime.ApplicationStarted.Register(() => SandboxBanner.Print(app));
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
