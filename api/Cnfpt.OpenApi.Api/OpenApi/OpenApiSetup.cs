namespace Cnfpt.OpenApi.Api.OpenApi;

internal static class OpenApiSetup
{
    public static IServiceCollection AddCnfptOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new()
            {
                Title = "CNFPT — API de la formation territoriale",
                Version = "v1",
                Description = "Catalogue, sessions, inscriptions, attestations and open-data statistics of the CNFPT. OData 4.01 JSON.",
            });
            options.CustomSchemaIds(type => type.Name);
            var xml = Path.Combine(AppContext.BaseDirectory, "Cnfpt.OpenApi.Api.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    public static WebApplication UseCnfptOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "v1");
            options.DocumentTitle = "CNFPT — API de la formation territoriale";
        });
        return app;
    }
}
