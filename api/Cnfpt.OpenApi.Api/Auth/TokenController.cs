using System.Globalization;
using System.Security.Claims;
using Cnfpt.OpenApi.Api.Errors;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Cnfpt.OpenApi.Api.Auth;

/// <summary>
/// The token endpoint. OpenIddict has already authenticated the client (secret or signed assertion) and
/// checked that it may use the grant and the scopes it asks for; this adds who the client is to the token.
/// </summary>
[ApiController]
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class TokenController(ClientRegistry clients) : ControllerBase
{
    [HttpPost("~/connect/token")]
    [Consumes("application/x-www-form-urlencoded")]
    [Produces("application/json")]
    public async Task<IActionResult> Exchange()
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.BadRequest, "Not an OAuth 2.0 token request.");
        if (!request.IsClientCredentialsGrantType())
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.BadRequest, "Only grant_type=client_credentials is supported.", "grant_type");
        }

        var client = await clients.FindSummaryAsync(request.ClientId!, HttpContext.RequestAborted)
            ?? throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.Unauthorized, "Unknown client.", "client_id");

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId);
        identity.SetClaim(Claims.Name, client.DisplayName);
        identity.SetClaim(CnfptClaims.ClientKind, client.Kind.ToString());
        if (client.CollectiviteId is { } collectivite)
        {
            identity.SetClaim(CnfptClaims.CollectiviteId, collectivite.ToString(CultureInfo.InvariantCulture));
        }

        // No scope asked: every scope the client holds. Asked scopes were checked against its permissions.
        identity.SetScopes(request.GetScopes().IsEmpty ? client.Scopes : request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
