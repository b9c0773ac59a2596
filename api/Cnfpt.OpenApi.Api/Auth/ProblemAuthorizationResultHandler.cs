using Cnfpt.OpenApi.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace Cnfpt.OpenApi.Api.Auth;

/// <summary>
/// 401 and 403 as problems: 401 keeps OpenIddict's <c>WWW-Authenticate</c> challenge (with the reason the token
/// was refused) and says how to get a token; 403 names the scope the token lacks.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor>() is null)
        {
            // No action matched (unknown path, or routing's own "405 method not supported" endpoint): let the
            // request reach its 404 or 405 rather than ask for a token. Every API endpoint is an action.
            await next(context);
            return;
        }

        if (authorizeResult.Challenged)
        {
            var authenticated = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
            await context.ChallengeAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
            var reason = authenticated.Properties?.GetString(OpenIddictValidationAspNetCoreConstants.Properties.ErrorDescription);
            var detail = (reason is null ? "This endpoint needs a bearer token. " : $"The bearer token was refused: {reason} ")
                + "Get one with POST /connect/token (grant_type=client_credentials) and send it as 'Authorization: Bearer <token>'.";
            await WriteAsync(context, ProblemDetailsSetup.Create(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthorized, detail, "Authorization"));
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var missing = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ScopeRequirement>().Select(r => r.Scope).ToList() ?? [];
            var granted = string.Join(" ", context.User.GetScopes());
            var problem = ProblemDetailsSetup.Create(StatusCodes.Status403Forbidden, ProblemCodes.InsufficientScope,
                $"This endpoint needs the scope '{string.Join("' and '", missing)}'; the token carries: {(granted.Length == 0 ? "no scope" : granted)}. "
                + "Ask for it in the token request (scope=…); if your client may not have it, ask the CNFPT to grant it.", "scope");
            problem.Extensions["requiredScopes"] = missing;
            context.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", scope=\"{string.Join(' ', missing)}\"";
            await WriteAsync(context, problem);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static async Task WriteAsync(HttpContext context, Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status!.Value;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
