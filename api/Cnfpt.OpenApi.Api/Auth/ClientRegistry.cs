using System.Security.Cryptography;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Cnfpt.OpenApi.Api.Auth;

/// <summary>What the back office says about a client to register.</summary>
/// <param name="ClientId">Optional; generated when absent.</param>
/// <param name="DisplayName">Who the client is ("Éditeur X — Paie").</param>
/// <param name="Kind">Vendor, Collectivite or BackOffice.</param>
/// <param name="CollectiviteId">For a collectivité's own IT: the only collectivité it acts for.</param>
/// <param name="Scopes">Scopes the client may ask for; must be allowed for its kind.</param>
/// <param name="PublicKeyPem">Optional public key (PEM): the client may then authenticate with a signed JWT (private_key_jwt) instead of a secret.</param>
public sealed record ClientRegistration(string? ClientId, string DisplayName, CallerKind Kind, int? CollectiviteId, IReadOnlyList<string> Scopes, string? PublicKeyPem = null);

/// <summary>A registered client as the back office sees it (never its secret).</summary>
public sealed record ClientSummary(string ClientId, string DisplayName, CallerKind Kind, int? CollectiviteId, IReadOnlyList<string> Scopes, bool UsesPrivateKeyJwt);

/// <summary>Returned once, at registration or rotation: the only time the secret is readable.</summary>
public sealed record ClientCredentials(string ClientId, string? ClientSecret, ClientSummary Client);

/// <summary>
/// Registers, rotates and revokes OAuth clients in OpenIddict's store. Secrets are hashed by OpenIddict
/// and shown only once; revoking a client deletes it and revokes every token it holds.
/// </summary>
public sealed class ClientRegistry(IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens, CnfptDbContext db)
{
    private const string KindProperty = "cnfpt_kind";
    private const string CollectiviteProperty = "cnfpt_collectivite_id";

    public async Task<ClientCredentials> RegisterAsync(ClientRegistration registration, string? secret = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        await ValidateAsync(registration, cancellationToken);
        var clientId = registration.ClientId ?? $"{registration.Kind.ToString().ToLowerInvariant()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not null)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.ClientExists, $"A client '{clientId}' already exists.", "clientId");
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = registration.DisplayName,
            ClientType = ClientTypes.Confidential,
        };
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials]);
        descriptor.Permissions.UnionWith(registration.Scopes.Select(s => Permissions.Prefixes.Scope + s));
        descriptor.Properties[KindProperty] = JsonSerializer.SerializeToElement(registration.Kind.ToString());
        if (registration.CollectiviteId is { } collectivite)
        {
            descriptor.Properties[CollectiviteProperty] = JsonSerializer.SerializeToElement(collectivite);
        }

        if (registration.PublicKeyPem is { } pem)
        {
            descriptor.JsonWebKeySet = new JsonWebKeySet();
            descriptor.JsonWebKeySet.Keys.Add(PublicJwk(pem));
        }

        // A client that signs assertions needs no secret; every other one gets a fresh random secret.
        descriptor.ClientSecret = registration.PublicKeyPem is null ? secret ?? NewSecret() : null;
        var application = await applications.CreateAsync(descriptor, cancellationToken);
        return new ClientCredentials(clientId, descriptor.ClientSecret, await SummarizeAsync(application, cancellationToken));
    }

    /// <summary>Replaces the secret. The old one stops working at once; tokens already issued stay valid until they expire.</summary>
    public async Task<ClientCredentials> RotateSecretAsync(string clientId, CancellationToken cancellationToken = default)
    {
        var application = await FindAsync(clientId, cancellationToken);
        var secret = NewSecret();
        await applications.UpdateAsync(application, secret, cancellationToken);
        return new ClientCredentials(clientId, secret, await SummarizeAsync(application, cancellationToken));
    }

    /// <summary>Deletes the client and revokes every token issued to it: its next call is a 401.</summary>
    public async Task RevokeAsync(string clientId, CancellationToken cancellationToken = default)
    {
        var application = await FindAsync(clientId, cancellationToken);
        var id = await applications.GetIdAsync(application, cancellationToken);
        await tokens.RevokeByApplicationIdAsync(id!, cancellationToken);
        await applications.DeleteAsync(application, cancellationToken);
    }

    public async Task<IReadOnlyList<ClientSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<ClientSummary>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            result.Add(await SummarizeAsync(application, cancellationToken));
        }

        return [.. result.OrderBy(c => c.ClientId, StringComparer.Ordinal)];
    }

    public async Task<ClientSummary?> FindSummaryAsync(string clientId, CancellationToken cancellationToken = default) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application ? await SummarizeAsync(application, cancellationToken) : null;

    private async Task<object> FindAsync(string clientId, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken)
        ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No client '{clientId}'.", "clientId");

    private async Task<ClientSummary> SummarizeAsync(object application, CancellationToken cancellationToken)
    {
        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        var permissions = await applications.GetPermissionsAsync(application, cancellationToken);
        var kind = properties.TryGetValue(KindProperty, out var k) && Enum.TryParse<CallerKind>(k.GetString(), out var parsed) ? parsed : CallerKind.Anonymous;
        int? collectivite = properties.TryGetValue(CollectiviteProperty, out var c) ? c.GetInt32() : null;
        var keys = await applications.GetJsonWebKeySetAsync(application, cancellationToken);
        return new ClientSummary(
            (await applications.GetClientIdAsync(application, cancellationToken))!,
            (await applications.GetDisplayNameAsync(application, cancellationToken)) ?? "",
            kind,
            collectivite,
            [.. permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal)).Select(p => p[Permissions.Prefixes.Scope.Length..]).Order(StringComparer.Ordinal)],
            keys is { Keys.Count: > 0 });
    }

    private async Task ValidateAsync(ClientRegistration registration, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(registration.DisplayName))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "displayName is required.", "displayName");
        }

        if (registration.Kind is not (CallerKind.Vendor or CallerKind.Collectivite or CallerKind.BackOffice))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "kind must be Vendor, Collectivite or BackOffice.", "kind");
        }

        if (registration.ClientId is { } id && (id.Length is < 3 or > 100 || !id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.')))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "clientId must be 3 to 100 characters among letters, digits, '-', '_' and '.'.", "clientId");
        }

        var allowed = Scopes.AllowedFor(registration.Kind);
        var refused = registration.Scopes.Where(s => !allowed.Contains(s)).ToList();
        if (refused.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed,
                $"Scopes not allowed for a {registration.Kind} client: {string.Join(", ", refused)}. Allowed: {string.Join(", ", allowed)}.", "scopes");
        }

        if ((registration.Kind == CallerKind.Collectivite) != registration.CollectiviteId.HasValue)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed,
                "collectiviteId is required for a Collectivite client, and only for it.", "collectiviteId");
        }

        if (registration.CollectiviteId is { } collectiviteId
            && !await db.Collectivites.IgnoreQueryFilters().AnyAsync(c => c.Id == collectiviteId, cancellationToken))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, $"No collectivité {collectiviteId}.", "collectiviteId");
        }

        if (registration.PublicKeyPem is { } pem)
        {
            try
            {
                _ = PublicJwk(pem);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "publicKeyPem is not a PEM-encoded RSA or EC public key.", "publicKeyPem");
            }
        }
    }

    private static JsonWebKey PublicJwk(string pem)
    {
        // Only the public part is stored: the key is re-exported without its private parameters.
        using (var ecdsa = ECDsa.Create())
        {
            try
            {
                ecdsa.ImportFromPem(pem);
                return JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ecdsa.ExportParameters(false))));
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                // Not an EC key: RSA below.
            }
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
    }

    private static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
