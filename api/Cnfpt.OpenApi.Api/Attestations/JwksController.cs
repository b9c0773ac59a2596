using Cnfpt.OpenApi.Core.Attestations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cnfpt.OpenApi.Api.Attestations;

/// <summary>One public key of the JWK Set.</summary>
public sealed record PublicJwk(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);

/// <summary>The JWK Set: the public keys that verify attestation tokens.</summary>
public sealed record JwkSet(IReadOnlyList<PublicJwk> Keys);

/// <summary>
/// The public keys of attestation signing (active and retired; revoked keys are withdrawn), for verifiers that
/// check tokens themselves, offline included. Not OpenIddict's access-token keys: those sign API tokens only.
/// </summary>
[ApiController]
[AllowAnonymous]
public sealed class JwksController(AttestationKeyRing keys) : ControllerBase
{
    /// <summary>The JWK Set (RFC 7517) of attestation keys; cache it, and fetch it again when a token names an unknown <c>kid</c>.</summary>
    [HttpGet(".well-known/jwks.json")]
    [Produces("application/json")]
    [ProducesResponseType<JwkSet>(StatusCodes.Status200OK)]
    public JwkSet Get()
    {
        Response.Headers.CacheControl = "public, max-age=3600";
        return new JwkSet([.. keys.ToJwks().Keys.Select(k => new PublicJwk(k.Kty, k.Crv, k.X, k.Y, k.Kid, k.Use, k.Alg))]);
    }
}
