using Cnfpt.OpenApi.Core.Data;

namespace Cnfpt.OpenApi.Api.Tests.Infrastructure;

/// <summary>One seeded database and one API for all read-only catalogue tests.</summary>
public sealed class CatalogueFixture : IAsyncLifetime
{
    private string _connectionString = "";

    public ApiFactory Api { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public CnfptDbContext NewDbContext() => TestDatabase.NewContext(_connectionString);

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("cnfpt_catalogue", seed: true);
        Api = new ApiFactory(_connectionString);
        Client = Api.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class CatalogueCollection : ICollectionFixture<CatalogueFixture>
{
    public const string Name = "Catalogue on PostgreSQL";
}
