using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cnfpt.OpenApi.Api.OpenApi;

/// <summary>
/// Swashbuckle's generator, with the name of the document being generated (<c>v1</c>, <c>v2</c>) available to the
/// schema id selector through <see cref="Current"/>. Schema names are the EDM's, and the EDMs differ: v2's
/// <c>Session</c> is <see cref="Catalogue.V2.SessionV2"/> while v1's is the domain's session. Swashbuckle's
/// selector is one function for every document, so it needs to know which one it is naming for.
/// </summary>
internal sealed class DocumentScopedSwaggerProvider(IServiceProvider services) : ISwaggerProvider, IAsyncSwaggerProvider
{
    private static readonly AsyncLocal<string?> Document = new();

    private readonly SwaggerGenerator _inner = ActivatorUtilities.CreateInstance<SwaggerGenerator>(services);

    /// <summary>The document being generated on this call path; null outside a generation.</summary>
    public static string? Current => Document.Value;

    public OpenApiDocument GetSwagger(string documentName, string? host = null, string? basePath = null)
    {
        Document.Value = documentName;
        try
        {
            return _inner.GetSwagger(documentName, host, basePath);
        }
        finally
        {
            Document.Value = null;
        }
    }

    public async Task<OpenApiDocument> GetSwaggerAsync(string documentName, string? host = null, string? basePath = null)
    {
        Document.Value = documentName;
        try
        {
            return await _inner.GetSwaggerAsync(documentName, host, basePath);
        }
        finally
        {
            Document.Value = null;
        }
    }
}
