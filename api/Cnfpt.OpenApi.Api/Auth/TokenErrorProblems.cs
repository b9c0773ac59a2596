using Cnfpt.OpenApi.Api.Errors;
using Microsoft.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Cnfpt.OpenApi.Api.Auth;

/// <summary>
/// Token endpoint errors in this API's one format: an RFC 9457 problem (code <c>oauth-…</c>) that also keeps the
/// RFC 6749 members <c>error</c> and <c>error_description</c>, so OAuth libraries read it as they expect.
/// Runs just before OpenIddict would write its own JSON error.
/// </summary>
internal sealed class TokenErrorProblems : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
        .UseSingletonHandler<TokenErrorProblems>()
        .SetOrder(OpenIddictServerAspNetCoreHandlers.ProcessJsonResponse<ApplyTokenResponseContext>.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(context.Error) || context.Transaction.GetHttpRequest()?.HttpContext is not { } http)
        {
            return;
        }

        var status = context.Error == OpenIddict.Abstractions.OpenIddictConstants.Errors.InvalidClient ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
        var problem = ProblemDetailsSetup.Create(status, "oauth-" + context.Error.Replace('_', '-'),
            context.Response.ErrorDescription ?? "The token request was refused.", FieldOf(context.Error));
        problem.Extensions["error"] = context.Error;
        problem.Extensions["error_description"] = context.Response.ErrorDescription;
        http.Response.StatusCode = status;
        http.Response.Headers.CacheControl = "no-store";
        if (status == StatusCodes.Status401Unauthorized)
        {
            // RFC 6749 §5.2: the client authenticates with its secret (form or Basic) or a signed assertion.
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"cnfpt\", charset=\"UTF-8\"";
        }
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
        context.HandleRequest();
    }

    private static string FieldOf(string error) => error switch
    {
        "invalid_client" or "unauthorized_client" => "client_id",
        "invalid_scope" => "scope",
        "unsupported_grant_type" or "invalid_grant" => "grant_type",
        _ => "request",
    };
}
