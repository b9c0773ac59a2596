using System.Net.Http.Json;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Data;
using Npgsql;

namespace Cnfpt.OpenApi.Api.Tests.ELearning;

/// <summary>
/// A seeded database (its e-learning campaign, programme 1, targets every agent of collectivités 1–15). Callers: the
/// learning platform (a back-office client), the IT of collectivité 1 (A) and of collectivité 2 (B).
/// </summary>
public sealed class ELearningFixture : IAsyncLifetime
{
    public const int A = 1;
    public const int B = 2;
    public const string Platform = "elearn-platform";
    public const string ItA = "elearn-it-1";
    public const string ItB = "elearn-it-2";
    private const string Secret = "elearn-secret-0123456789";

    public ApiFactory Api { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public CnfptDbContext NewDbContext() => TestDatabase.NewContext(ConnectionString, TenantScope.All);

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync("cnfpt_elearning", seed: true);
        Api = new ApiFactory(ConnectionString, new Dictionary<string, string?> { ["RateLimiting:Enabled"] = "false" });
        await TestClients.RegisterAsync(
            Api.Services,
            Secret,
            (Platform, "Plateforme e-learning", CallerKind.BackOffice, null),
            (ItA, "IT 1", CallerKind.Collectivite, A),
            (ItB, "IT 2", CallerKind.Collectivite, B));
    }

    public Task<HttpClient> ClientAsync(string clientId) => Security.SecurityFixture.AuthorizedClientAsync(Api, clientId, Secret);

    /// <summary>POSTs JSON (with an Idempotency-Key when given); returns the response and its body.</summary>
    public static async Task<(HttpResponseMessage Response, string Body)> PostAsync(HttpClient client, string url, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Runs SQL on the test database and returns its rows (each column by name), independently of the API and of EF.</summary>
    public async Task<List<Dictionary<string, object?>>> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<Dictionary<string, object?>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64((await QueryAsync(sql, parameters))[0].Values.First(), System.Globalization.CultureInfo.InvariantCulture);

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    public static JsonElement Parse(string body) => JsonDocument.Parse(body).RootElement.Clone();

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await TestDatabase.DropAsync(ConnectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class ELearningCollection : ICollectionFixture<ELearningFixture>
{
    public const string Name = "E-learning on PostgreSQL";
}
