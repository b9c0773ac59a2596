using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Api.Tests.Security;
using Cnfpt.OpenApi.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Documents;

/// <summary>A fresh seeded database (print batches are per day: no other test may touch them), the API, a back-office client and a vendor.</summary>
public sealed class DocumentsFixture : IAsyncLifetime
{
    public const string BackOffice = "test-documents-backoffice";
    public const string Vendor = "test-documents-vendor";

    private string _connectionString = "";

    public ApiFactory Api { get; private set; } = null!;

    public CnfptDbContext NewDbContext() => TestDatabase.NewContext(_connectionString, TenantScope.All);

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("cnfpt_documents", seed: true);
        Api = new ApiFactory(_connectionString, new Dictionary<string, string?> { ["RateLimiting:Enabled"] = "false" });
        await using var scope = Api.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        await clients.RegisterAsync(new(BackOffice, "Back office", CallerKind.BackOffice, null, Scopes.AllowedFor(CallerKind.BackOffice)), SecurityFixture.Secret);
        await clients.RegisterAsync(new(Vendor, "Vendor", CallerKind.Vendor, null, Scopes.AllowedFor(CallerKind.Vendor)), SecurityFixture.Secret);
    }

    public Task<HttpClient> ClientAsync(string clientId) => SecurityFixture.AuthorizedClientAsync(Api, clientId);

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class DocumentsCollection : ICollectionFixture<DocumentsFixture>
{
    public const string Name = "Documents on PostgreSQL";
}
