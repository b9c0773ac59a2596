using Cnfpt.OpenApi.Pact.Native;

namespace Cnfpt.OpenApi.Pact;

/// <summary>The provider states and the request of one interaction.</summary>
public sealed class RequestBuilder
{
    private readonly uint _interaction;
    private readonly string _description;
    private readonly Dictionary<string, int> _queryIndexes = [];
    private readonly Dictionary<string, int> _headerIndexes = new(StringComparer.OrdinalIgnoreCase);

    internal RequestBuilder(uint interaction, string description)
    {
        _interaction = interaction;
        _description = description;
    }

    /// <summary>
    /// A state the provider must be in before the request (set up by its provider-state endpoint). Parameters
    /// are an object whose properties are sent to that endpoint as JSON.
    /// </summary>
    public RequestBuilder Given(string state, object? parameters = null)
    {
        if (parameters is null)
        {
            PactBuilder.Ensure(PactFfi.Given(_interaction, state), $"pactffi_given('{state}') in '{_description}'");
        }
        else
        {
            var result = PactFfi.GivenWithParams(_interaction, state, PactJson.Serialize(parameters));
            PactBuilder.Ensure(result == 0, $"pactffi_given_with_params('{state}') in '{_description}' (error {result})");
        }

        return this;
    }

    public RequestBuilder WithRequest(HttpMethod method, string path) => WithRequest(method, (object)path);

    /// <summary>A path with a rule, e.g. <see cref="Match.FromProviderState"/> or <see cref="Match.Regex"/>.</summary>
    public RequestBuilder WithRequest(HttpMethod method, Matcher path) => WithRequest(method, (object)path);

    /// <summary>A query parameter; call again with the same name for a repeated parameter.</summary>
    public RequestBuilder WithQuery(string name, string value) => Query(name, value);

    public RequestBuilder WithQuery(string name, Matcher value) => Query(name, value.ToJsonString());

    public RequestBuilder WithHeader(string name, string value) => Header(name, value);

    public RequestBuilder WithHeader(string name, Matcher value) => Header(name, value.ToJsonString());

    /// <summary>A JSON body (anonymous object, dictionary or JsonNode) that may hold <see cref="Matcher"/>s.</summary>
    public RequestBuilder WithJsonBody(object body, string contentType = "application/json")
    {
        PactBuilder.Ensure(PactFfi.WithBody(_interaction, PactFfi.PartRequest, contentType, PactJson.Serialize(body)), $"pactffi_with_body(request) in '{_description}'");
        return this;
    }

    /// <summary>Declares the response: its status, then its headers and body.</summary>
    public ResponseBuilder WillRespondWith(int status)
    {
        PactBuilder.Ensure(PactFfi.ResponseStatus(_interaction, checked((ushort)status)), $"pactffi_response_status({status}) in '{_description}'");
        return new ResponseBuilder(_interaction, _description);
    }

    private RequestBuilder WithRequest(HttpMethod method, object path)
    {
        var text = path is Matcher matcher ? matcher.ToJsonString() : (string)path;
        PactBuilder.Ensure(PactFfi.WithRequest(_interaction, method.Method, text), $"pactffi_with_request({method} {text}) in '{_description}'");
        return this;
    }

    private RequestBuilder Query(string name, string value)
    {
        var index = _queryIndexes.GetValueOrDefault(name);
        _queryIndexes[name] = index + 1;
        PactBuilder.Ensure(PactFfi.WithQueryParameter(_interaction, name, (nuint)index, value), $"pactffi_with_query_parameter_v2({name}) in '{_description}'");
        return this;
    }

    private RequestBuilder Header(string name, string value)
    {
        var index = _headerIndexes.GetValueOrDefault(name);
        _headerIndexes[name] = index + 1;
        PactBuilder.Ensure(PactFfi.WithHeader(_interaction, PactFfi.PartRequest, name, (nuint)index, value), $"pactffi_with_header_v2(request {name}) in '{_description}'");
        return this;
    }
}

/// <summary>The response of one interaction.</summary>
public sealed class ResponseBuilder
{
    private readonly uint _interaction;
    private readonly string _description;
    private readonly Dictionary<string, int> _headerIndexes = new(StringComparer.OrdinalIgnoreCase);

    internal ResponseBuilder(uint interaction, string description)
    {
        _interaction = interaction;
        _description = description;
    }

    public ResponseBuilder WithHeader(string name, string value) => Header(name, value);

    public ResponseBuilder WithHeader(string name, Matcher value) => Header(name, value.ToJsonString());

    /// <summary>
    /// A JSON body with rules. The content type given to Pact is the plain media type; match the real
    /// <c>Content-Type</c> header (OData adds parameters) with <see cref="WithHeader(string, Matcher)"/>.
    /// </summary>
    public ResponseBuilder WithJsonBody(object body, string contentType = "application/json")
    {
        PactBuilder.Ensure(PactFfi.WithBody(_interaction, PactFfi.PartResponse, contentType, PactJson.Serialize(body)), $"pactffi_with_body(response) in '{_description}'");
        return this;
    }

    /// <summary>A non-JSON body (a PDF's bytes are not compared: declare only the content type header instead).</summary>
    public ResponseBuilder WithTextBody(string contentType, string body)
    {
        PactBuilder.Ensure(PactFfi.WithBody(_interaction, PactFfi.PartResponse, contentType, body), $"pactffi_with_body(response) in '{_description}'");
        return this;
    }

    private ResponseBuilder Header(string name, string value)
    {
        var index = _headerIndexes.GetValueOrDefault(name);
        _headerIndexes[name] = index + 1;
        PactBuilder.Ensure(PactFfi.WithHeader(_interaction, PactFfi.PartResponse, name, (nuint)index, value), $"pactffi_with_header_v2(response {name}) in '{_description}'");
        return this;
    }
}
