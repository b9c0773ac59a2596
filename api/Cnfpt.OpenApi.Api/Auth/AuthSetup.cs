using System.Security.Cryptography;
using Cnfpt.OpenApi.Api.Data;
using Cnfpt.OpenApi.Core.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Validation.AspNetCore;

namespace Cnfpt.OpenApi.Api.Auth;

/// <summary>
/// OAuth 2.0 client credentials with OpenIddict inside the API host (server: /connect/token; validation of
/// the bearer tokens on every other endpoint), scope policies, and the request's tenant scope.
/// </summary>
internal static class AuthSetup
{
    public static WebApplicationBuilder AddCnfptAuth(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Auth");
        builder.Services.Configure<AuthOptions>(section);
        var options = section.Get<AuthOptions>() ?? new AuthOptions();
        // Development and the sandbox get throwaway keys and plain HTTP; anything else must be configured.
        var development = builder.Environment.IsDevelopment() || builder.Configuration.IsSandbox();

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<CnfptDbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris("connect/token");
                server.AllowClientCredentialsFlow();
                server.RegisterScopes([.. Scopes.Descriptions.Keys]);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime);
                // Access tokens are JWTs signed (not encrypted) so that resource servers and clients can read them.
                server.DisableAccessTokenEncryption();
                server.AddEphemeralEncryptionKey();
                if (options.SigningKeyPem is { Length: > 0 } pem)
                {
                    var rsa = RSA.Create();
                    rsa.ImportFromPem(pem);
                    server.AddSigningKey(new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] });
                }
                else if (development || options.EphemeralKeys)
                {
                    server.AddEphemeralSigningKey();
                }
                else
                {
                    throw new InvalidOperationException(
                        "Auth:SigningKeyPem is required outside Development (or set Auth:EphemeralKeys=true for a throwaway instance).");
                }

                server.AddEventHandler(TokenErrorProblems.Descriptor);
                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough();
                if (!(options.RequireHttps ?? !development))
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
                // Each token is looked up in the store, so revoking a client revokes its tokens at once.
                validation.EnableTokenEntryValidation();
            });

        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        builder.Services.AddAuthorization(authorization =>
        {
            foreach (var scope in Scopes.Descriptions.Keys)
            {
                authorization.AddPolicy(RequiresScopeAttribute.PolicyPrefix + scope, policy =>
                    policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope)));
            }

            // Deny by default: an endpoint is public only if it says [AllowAnonymous].
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        builder.Services.AddScoped<CallerAccessor>();
        builder.Services.AddScoped<ClientRegistry>();
        return builder;
    }

    /// <summary>Resolves who the authenticated caller acts for (between authentication and authorization).</summary>
    public static WebApplication UseCnfptTenancy(this WebApplication app)
    {
        app.UseMiddleware<TenantResolutionMiddleware>();
        return app;
    }
}
