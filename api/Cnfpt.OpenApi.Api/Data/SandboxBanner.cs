using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Cnfpt.OpenApi.Api.Data;

/// <summary>Tells whoever started the API where to go next.</summary>
internal static class SandboxBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var auth = app.Configuration.GetSection("Auth").Get<Auth.AuthOptions>() ?? new Auth.AuthOptions();
        var demo = auth.DemoClients ?? string.IsNullOrWhiteSpace(app.Configuration.GetConnectionString("Cnfpt"));
        foreach (var address in addresses)
        {
            Console.WriteLine($"""

                CNFPT OpenAPI is listening on {address}
                  Swagger UI     {address}/swagger
                  OData v2       {address}/v2/   ($metadata: {address}/v2/$metadata; v1, deprecated: {address}/v1/)
                  Try            curl -G {address}/v2/Sessions --data-urlencode "\$filter=status eq 'OpenForEnrolment'" -d '$expand=course' -d '$top=5'
                """);
            if (demo)
            {
                Console.WriteLine("  Demo clients (sandbox only; client_id / client_secret):");
                foreach (var client in Auth.DemoClients.All)
                {
                    Console.WriteLine($"    {client.ClientId,-22} {client.Secret,-32} {client.Kind}{(client.CollectiviteId is { } c ? $" of collectivité {c}" : "")}");
                }

                Console.WriteLine($"  Token          curl -s {address}/connect/token -d grant_type=client_credentials -d client_id={Auth.DemoClients.VendorA.ClientId} -d client_secret={Auth.DemoClients.VendorA.Secret}");
            }
        }
    }
}
