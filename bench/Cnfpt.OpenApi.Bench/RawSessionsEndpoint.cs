using Microsoft.AspNetCore.Http;
namespace Cnfpt.OpenApi.Bench;
internal static class RawSessionsEndpoint
{
    public const string Path = "/bench/raw-sessions";
    public static Task WriteAsync(HttpContext context, Npgsql.NpgsqlDataSource dataSource) => context.Response.WriteAsync("todo");
}
