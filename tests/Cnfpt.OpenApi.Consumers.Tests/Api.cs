using Cnfpt.OpenApi.Pact;

namespace Cnfpt.OpenApi.Consumers.Tests;

/// <summary>What every consumer pact of the API shares: the provider's name and the shape of its answers.</summary>
public static class Api
{
    /// <summary>The provider name that the verification in Cnfpt.OpenApi.Api.Tests looks for.</summary>
    public const string Provider = "Cnfpt.OpenApi";

    /// <summary>OData answers <c>application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8</c>.</summary>
    public static Matcher JsonContentType => Match.Regex("application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8", "^application/json(;.*)?$");

    public static Matcher ProblemContentType => Match.Regex("application/problem+json", "^application/problem\\+json(;.*)?$");

    /// <summary>An ETag is the entity's version in quotes.</summary>
    public static Matcher ETag(int version) => Match.Regex($"\"{version}\"", "^\"\\d+\"$");

    /// <summary><c>@odata.context</c> holds the host the API saw: only its path is part of the contract.</summary>
    public static Matcher Context(string fragment) =>
        Match.Regex($"http://localhost/v1/$metadata#{fragment}", "^https?://[^/]+/v1/\\$metadata#" + System.Text.RegularExpressions.Regex.Escape(fragment) + "$");

    /// <summary>An RFC 9457 problem with its stable code (docs/errors.md); title, detail and traceId vary.</summary>
    public static Dictionary<string, object> Problem(int status, string code) => new()
    {
        ["type"] = "urn:cnfpt:problem:" + code,
        ["title"] = Match.Type("The request is invalid."),
        ["status"] = status,
        ["detail"] = Match.Type("What went wrong, for a person."),
        ["code"] = code,
        ["traceId"] = Match.Type("00-794570a0c1db67ad66a39af6bb060c01-eefb8fd5e42ac2fe-00"),
    };
}
