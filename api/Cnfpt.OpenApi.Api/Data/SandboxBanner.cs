using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Cnfpt.OpenApi.Api.Data;

/// <summary>Tells whoever started the API where to go next.</summary>
internal static class SandboxBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            Console.WriteLine($"""

                CNFPT OpenAPI is listening on {address}
                  Swagger UI     {address}/swagger
                  OData v1       {address}/v1/   ($metadata: {address}/v1/$metadata)
                  Try            curl '{address}/v1/Sessions?$filter=status eq ''OpenForEnrolment''&$expand=course&$top=5'
                """);
        }
    }
}
