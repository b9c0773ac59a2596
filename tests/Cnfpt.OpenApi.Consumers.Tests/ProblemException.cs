using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cnfpt.OpenApi.Consumers.Tests;

/// <summary>How the consumers below surface an RFC 9457 problem: its status and stable code.</summary>
public sealed class ProblemException : Exception
{
    public ProblemException()
    {
    }

    public ProblemException(string message)
        : base(message)
    {
    }

    public ProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private ProblemException(HttpStatusCode status, string code, string detail)
        : base($"{(int)status} {code}: {detail}")
    {
        Status = status;
        Code = code;
    }

    public HttpStatusCode Status { get; }

    public string Code { get; } = "";

    /// <summary>Throws the problem in <paramref name="response"/> unless it succeeded.</summary>
    public static async Task ThrowIfProblemAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        throw new ProblemException(response.StatusCode, problem.GetProperty("code").GetString()!, problem.GetProperty("detail").GetString()!);
    }
}
