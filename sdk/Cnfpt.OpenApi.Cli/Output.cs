using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cnfpt.OpenApi.Sdk;
using Spectre.Console;

namespace Cnfpt.OpenApi.Cli;

/// <summary>Text for people (Spectre.Console tables and progress) or JSON for scripts (<c>--output json</c>), and errors as exit codes.</summary>
internal sealed class Output(bool json)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public bool Json => json;

    /// <summary>Progress bar on an interactive terminal in text mode; nothing otherwise (scripts, CI, JSON).</summary>
    public async Task<T> WithProgressAsync<T>(string label, int total, Func<IProgress<int>, Task<T>> work)
    {
        if (json || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(new Progress<int>());
        }

        T result = default!;
        await AnsiConsole.Progress().StartAsync(async context =>
        {
            var task = context.AddTask(label, maxValue: total);
            result = await work(new Progress<int>(done => task.Value = done));
        });
        return result;
    }

    /// <summary>Writes the command's JSON document (JSON mode only).</summary>
    public void Write(object value)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
        }
    }

    public void Line(string markup)
    {
        if (json)
        {
            return;
        }

        // Plain text when redirected: no colour codes, and no wrapping at 80 columns in logs and pipes.
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.MarkupLine(markup);
        }
        else
        {
            Console.WriteLine(Markup.Remove(markup));
        }
    }

    public void Table(IEnumerable<string> columns, IEnumerable<IEnumerable<string?>> rows)
    {
        if (json)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(Markup.Escape(column));
        }

        foreach (var row in rows)
        {
            table.AddRow([.. row.Select(cell => Markup.Escape(cell ?? ""))]);
        }

        AnsiConsole.Write(table);
    }

    /// <summary>Reports a failure on stderr (or as JSON on stdout) and returns its exit code.</summary>
    public int Fail(Exception exception)
    {
        var (code, message, problem) = exception switch
        {
            CnfptProblemException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } p => (ExitCodes.Authentication, p.Message, p.Problem),
            CnfptProblemException { StatusCode: >= HttpStatusCode.InternalServerError } p => (ExitCodes.Unavailable, p.Message, p.Problem),
            CnfptProblemException p => (ExitCodes.Failure, p.Message, p.Problem),
            HttpRequestException or TimeoutException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException => (ExitCodes.Unavailable, exception.Message, null),
            UsageException => (ExitCodes.Usage, exception.Message, null),
            _ => (ExitCodes.Failure, exception.Message, null),
        };
        if (json)
        {
            Write(new { error = message, code = problem?.Code, status = problem is null ? (int?)null : (int)problem.Status, traceId = problem?.TraceId, exitCode = code });
        }
        else
        {
            Console.Error.WriteLine($"cnfpt: {message}");
        }

        return code;
    }
}

/// <summary>A mistake in the command line or the input file: exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
