using System.Diagnostics;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.OData;

namespace Cnfpt.OpenApi.Api.Errors;

/// <summary>
/// One error format everywhere: RFC 9457 problem details with a stable <c>code</c> and a <c>traceId</c>,
/// written by ASP.NET Core's <see cref="IProblemDetailsService"/> from three entry points: thrown
/// <see cref="ApiProblemException"/>s (MVC filter and exception handler), status codes without a body
/// (status code pages), and OData's own error results (rewritten so that no stack trace leaks).
/// </summary>
internal static class ProblemDetailsSetup
{
    public static IServiceCollection AddCnfptProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (!problem.Extensions.TryGetValue("code", out var code) || code is not string)
            {
                code = ProblemCodes.ForStatus(status);
                problem.Extensions["code"] = code;
            }

            problem.Type = ProblemCodes.TypeOf((string)code);
            problem.Title = TitleOf(status);
            problem.Detail ??= DefaultDetail(status, context.HttpContext.Request);
            problem.Instance ??= context.HttpContext.Request.Path + context.HttpContext.Request.QueryString;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            problem.Extensions.Remove("exception"); // the developer-page extension: never sent
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Body binding errors of [ApiController] actions: the same problem, code validation-failed, per field.
        services.Configure<ApiBehaviorOptions>(options => options.InvalidModelStateResponseFactory = context =>
        {
            var problem = Create(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "The request body is invalid: see errors.");
            problem.Extensions["errors"] = context.ModelState
                .Where(e => e.Value is { Errors.Count: > 0 })
                .ToDictionary(e => e.Key.Length == 0 ? "body" : e.Key, e => e.Value!.Errors.Select(x => x.ErrorMessage).ToArray());
            return new ProblemResult(problem);
        });
        // Registered after the default writer: answers even when the Accept header excludes JSON (a 406
        // must still say what went wrong).
        services.AddSingleton<IProblemDetailsWriter, FallbackProblemWriter>();
        return services;
    }

    public static WebApplication UseCnfptProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>A business rule's refusal, with the status its kind means over HTTP.</summary>
    public static ProblemDetails FromRule(RuleViolationException violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        var status = violation.Kind switch
        {
            RuleViolationKind.Invalid => StatusCodes.Status400BadRequest,
            RuleViolationKind.NotFound => StatusCodes.Status404NotFound,
            RuleViolationKind.Forbidden => StatusCodes.Status403Forbidden,
            RuleViolationKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
            RuleViolationKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        return Create(status, violation.Code, violation.Message, violation.Field);
    }

    public static ProblemDetails Create(int status, string code, string detail, string? field = null)
    {
        var problem = new ProblemDetails { Status = status, Title = TitleOf(status), Detail = detail };
        problem.Extensions["code"] = code;
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        return problem;
    }

    private static string TitleOf(int status) => status switch
    {
        400 => "The request is invalid.",
        401 => "Authentication is required.",
        403 => "The caller may not do this.",
        404 => "The resource does not exist.",
        409 => "The request conflicts with the resource's state.",
        412 => "The resource changed since you read it.",
        428 => "This write needs an If-Match header.",
        405 => "The method is not allowed on this resource.",
        406 => "No representation in the requested media type.",
        413 => "The request body is too large.",
        415 => "The request body's media type is not supported.",
        422 => "The request cannot be processed as sent.",
        429 => "Too many requests.",
        503 => "The service is temporarily unavailable.",
        _ => status >= 500 ? "An unexpected error occurred." : "The request could not be processed.",
    };

    private static string DefaultDetail(int status, HttpRequest request) => status switch
    {
        404 => $"Nothing exists at '{request.Path}'. Check the entity set name and the key; entity sets are listed at /v1/.",
        405 => $"{request.Method} is not allowed on '{request.Path}'.",
        406 => "The requested media type is not available here: ask for application/json (OData JSON).",
        415 => $"The body's media type '{request.ContentType}' is not supported: send application/json.",
        >= 500 => "The error was logged with the traceId of this response; quote it when you contact support.",
        _ => "See the errors member and docs/errors.md.",
    };

    /// <summary>Maps anything thrown outside MVC (or escaping it) to a problem; never shows internals.</summary>
    private sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            var problem = exception switch
            {
                ApiProblemException p => Create(p.Status, p.Code, p.Message, p.Field),
                RuleViolationException r => FromRule(r),
                ODataException o => Create(StatusCodes.Status400BadRequest, ProblemCodes.InvalidQuery, o.Message),
                BadHttpRequestException b => Create(b.StatusCode, ProblemCodes.ForStatus(b.StatusCode), b.Message),
                // The database is momentarily out of reach (pool exhausted, connection lost, serialisation
                // failure, SQLite busy): nothing was committed, the same request can be retried.
                Npgsql.NpgsqlException { IsTransient: true } or TimeoutException or Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }
                    => Create(StatusCodes.Status503ServiceUnavailable, ProblemCodes.ServiceUnavailable, "The database is busy: nothing was written. Retry after the Retry-After delay."),
                _ => null,
            };
            if (problem is null)
            {
                Log.Unhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                problem = Create(StatusCodes.Status500InternalServerError, ProblemCodes.InternalError,
                    "The error was logged with the traceId of this response; quote it when you contact support.");
            }

            httpContext.Response.StatusCode = problem.Status!.Value;
            if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            {
                httpContext.Response.Headers.RetryAfter = "1";
            }

            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
        }
    }
}

/// <summary>Writes application/problem+json whatever the request's Accept header says.</summary>
internal sealed class FallbackProblemWriter(Microsoft.Extensions.Options.IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public bool CanWrite(ProblemDetailsContext context) => true;

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        context.HttpContext.Response.ContentType = "application/problem+json";
        await System.Text.Json.JsonSerializer.SerializeAsync(context.HttpContext.Response.Body, context.ProblemDetails, Json, context.HttpContext.RequestAborted);
    }
}

/// <summary>An action result that writes a problem through <see cref="IProblemDetailsService"/>.</summary>
internal sealed class ProblemResult(ProblemDetails problem) : IActionResult
{
    public ProblemDetails Problem { get; } = problem;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        http.Response.StatusCode = Problem.Status ?? StatusCodes.Status500InternalServerError;
        var service = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = Problem });
    }
}

/// <summary>
/// Turns <see cref="ApiProblemException"/>s thrown by actions and action filters (OData query validation)
/// into problems inside MVC, and rewrites OData's own 400 results (a SerializableError that carries the
/// exception type and stack trace) into problems.
/// </summary>
internal sealed class ProblemFilter : IExceptionFilter, IAlwaysRunResultFilter
{
    public void OnException(ExceptionContext context)
    {
        if (context.Exception is ApiProblemException p)
        {
            context.Result = new ProblemResult(ProblemDetailsSetup.Create(p.Status, p.Code, p.Message, p.Field));
            context.ExceptionHandled = true;
        }
        else if (context.Exception is RuleViolationException r)
        {
            context.Result = new ProblemResult(ProblemDetailsSetup.FromRule(r));
            context.ExceptionHandled = true;
        }
    }

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is ObjectResult { Value: SerializableError or ODataError } result)
        {
            var status = result.StatusCode ?? StatusCodes.Status400BadRequest;
            var message = result.Value switch
            {
                SerializableError e when e.TryGetValue("Message", out var m) => m as string,
                ODataError e => e.Message,
                _ => null,
            };
            context.Result = new ProblemResult(ProblemDetailsSetup.Create(status, ProblemCodes.ForStatus(status) == ProblemCodes.BadRequest ? ProblemCodes.InvalidQuery : ProblemCodes.ForStatus(status), message ?? "The query is invalid."));
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
