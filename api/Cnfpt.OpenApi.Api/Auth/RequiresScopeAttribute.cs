using Microsoft.AspNetCore.Authorization;
using OpenIddict.Abstractions;

namespace Cnfpt.OpenApi.Api.Auth;

/// <summary>The endpoint needs a bearer token carrying <paramref name="scope"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresScopeAttribute(string scope) : AuthorizeAttribute(PolicyPrefix + scope)
{
    public const string PolicyPrefix = "scope:";

    public string Scope { get; } = scope;
}

/// <summary>Met when the token's scopes include <see cref="Scope"/>.</summary>
public sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public string Scope { get; } = scope;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.User.HasScope(requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
