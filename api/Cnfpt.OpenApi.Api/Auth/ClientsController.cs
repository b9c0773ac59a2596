using Microsoft.AspNetCore.Mvc;

namespace Cnfpt.OpenApi.Api.Auth;

/// <summary>
/// API clients, managed by the CNFPT back office: register a vendor, a collectivité's IT or a staff
/// application; rotate its secret; revoke it (its tokens stop working at once).
/// </summary>
[ApiController]
[Route("admin/clients")]
[RequiresScope(Scopes.ClientsAdmin)]
[Produces("application/json")]
public sealed class ClientsController(ClientRegistry clients) : ControllerBase
{
    /// <summary>Lists the registered clients (never their secrets).</summary>
    [HttpGet(Name = "Clients_List")]
    public Task<IReadOnlyList<ClientSummary>> List(CancellationToken cancellationToken) => clients.ListAsync(cancellationToken);

    /// <summary>Registers a client; the answer holds its secret, shown this once.</summary>
    [HttpPost(Name = "Clients_Register")]
    [ProducesResponseType<ClientCredentials>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Register(ClientRegistration registration, CancellationToken cancellationToken)
    {
        var created = await clients.RegisterAsync(registration, cancellationToken: cancellationToken);
        return Created($"/admin/clients/{created.ClientId}", created);
    }

    /// <summary>Replaces the client's secret; the old one stops working at once.</summary>
    [HttpPost("{clientId}/secret", Name = "Clients_RotateSecret")]
    public Task<ClientCredentials> RotateSecret(string clientId, CancellationToken cancellationToken) => clients.RotateSecretAsync(clientId, cancellationToken);

    /// <summary>Revokes the client: deleted, and every token it holds revoked.</summary>
    [HttpDelete("{clientId}", Name = "Clients_Revoke")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Revoke(string clientId, CancellationToken cancellationToken)
    {
        await clients.RevokeAsync(clientId, cancellationToken);
        return NoContent();
    }
}
