using Cnfpt.OpenApi.Api.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Cnfpt.OpenApi.Api.Tests.Infrastructure;

/// <summary>The API clients a fixture's callers use: one way to register them, with every scope their kind may hold.</summary>
public static class TestClients
{
    /// <summary>
    /// Registers each client with <paramref name="secret"/> through the real <see cref="ClientRegistry"/> of
    /// <paramref name="services"/>; a client id already registered (a second host on the same database) is left as it is.
    /// </summary>
    public static async Task RegisterAsync(IServiceProvider services, string secret, params (string Id, string Name, CallerKind Kind, int? Collectivite)[] clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        await using var scope = services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        foreach (var (id, name, kind, collectivite) in clients)
        {
            if (await registry.FindSummaryAsync(id) is null)
            {
                await registry.RegisterAsync(new(id, name, kind, collectivite, Scopes.AllowedFor(kind)), secret);
            }
        }
    }
}
