using Cnfpt.OpenApi.Api.Attestations;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Data;
using Cnfpt.OpenApi.Api.ELearning;
using Cnfpt.OpenApi.Api.Enrolments;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Api.Hardening;
using Cnfpt.OpenApi.Api.Idempotency;
using Cnfpt.OpenApi.Api.Needs;
using Cnfpt.OpenApi.Api.OData;
using Cnfpt.OpenApi.Api.OpenApi;
using Cnfpt.OpenApi.Api.RateLimiting;
using Cnfpt.OpenApi.Api.Statistics;
using Cnfpt.OpenApi.Api.Versioning;
using Microsoft.AspNetCore.OData;

// Request path: problem-details exception handler → status-code pages → security headers → API version
// lifecycle headers (404 for an unknown version) → authentication (OpenIddict validation) → rate limiter →
// tenant resolution → authorization (scope policies) → OData routing for the version prefix → controller → EF Core with tenant filters → PostgreSQL (or the sandbox's SQLite file).
// See docs/architecture.md and docs/security.md.
var builder = WebApplication.CreateBuilder(args);
builder.Host.UseDefaultServiceProvider(o => { o.ValidateOnBuild = true; o.ValidateScopes = true; });

builder.AddCnfptDatabase();
builder.AddCnfptAuth();
builder.AddCnfptHardening();
builder.Services.AddCnfptProblemDetails();
builder.Services.AddCnfptOData();
builder.Services.AddCnfptVersioning();
builder.Services.AddCnfptDocuments();
builder.Services.AddCnfptEnrolments();
builder.Services.AddCnfptNeeds();
builder.Services.AddCnfptELearning();
builder.Services.AddCnfptAttestations(builder.Configuration, builder.Environment);
builder.Services.AddCnfptStatistics(builder.Configuration);
builder.Services.AddCnfptRateLimiting(builder.Configuration);
builder.Services.AddCnfptIdempotency(builder.Configuration);
builder.Services.AddCnfptOpenApi();

var app = builder.Build();

app.UseCnfptProblemDetails();
app.UseCnfptHardening();
app.UseCnfptVersioning();
app.UseCnfptOpenApi();
app.UseCnfptRateLimiting(RateLimitingSetup.WithoutBearer);
app.UseAuthentication();
app.UseCnfptRateLimiting(RateLimitingSetup.WithBearer);
app.UseCnfptTenancy();
app.UseODataBatching();
app.UseRouting();
app.UseAuthorization();
app.UseCnfptIdempotency();
app.MapControllers();

await app.PrepareDatabaseAsync();
app.Lifetime.ApplicationStarted.Register(() => SandboxBanner.Print(app));
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
