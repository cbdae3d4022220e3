using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi.Models;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// The HTTP/JSON face of a service: the port it is served on, its OpenAPI document (generated
/// from the protos' <c>google.api.http</c> rules) and, in development, a browsable reference.
/// </summary>
public static class HttpJsonApi
{
    /// <summary>Where each service serves its OpenAPI document.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The browsable reference (Swagger UI), in development only.</summary>
    public const string ReferencePath = "/openapi";

    /// <summary>
    /// The <c>google.rpc</c> detail messages the services attach to errors: the HTTP/JSON answer
    /// writes them into the <c>google.rpc.Status</c> body as typed JSON objects.
    /// </summary>
    public static TypeRegistry ErrorDetailTypes { get; } = TypeRegistry.FromMessages(
        BadRequest.Descriptor, ErrorInfo.Descriptor, PreconditionFailure.Descriptor, ResourceInfo.Descriptor, RetryInfo.Descriptor);

    /// <summary>
    /// gRPC needs HTTP/2 without TLS (prior knowledge), which an HTTP/1.1 client cannot speak, so
    /// HTTP/JSON has a port of its own: <c>Http:JsonPort</c> (the AppHost sets it) is served over
    /// HTTP/1.1, every other endpoint over HTTP/2 only.
    /// </summary>
    internal static WebApplicationBuilder AddHttpJsonApi(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<int?>("Http:JsonPort") is int jsonPort)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
            {
                if (listen.IPEndPoint?.Port == jsonPort)
                {
                    listen.Protocols = HttpProtocols.Http1;
                }
            }));
        }
        builder.Services.AddGrpcSwagger();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = $"{builder.Environment.ApplicationName} HTTP/JSON API",
                Version = "v1",
                Description = "Every RPC of the service's gRPC contract (protos/), as HTTP/JSON. Errors answer with the "
                    + "HTTP status of the gRPC code and a google.rpc.Status body whose details are typed.",
            });
            var bearer = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from the identity service (POST /v1/token).",
                Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "bearer" },
            };
            // The proto comments (compiled into the contracts' XML documentation) describe each
            // operation and message, Errors paragraph included.
            var documentation = Path.Combine(AppContext.BaseDirectory, "SupportPlatform.Contracts.xml");
            if (File.Exists(documentation))
            {
                options.IncludeXmlComments(documentation);
                options.IncludeGrpcXmlComments(documentation, includeControllerXmlComments: true);
            }
            options.AddSecurityDefinition("bearer", bearer);
            options.AddSecurityRequirement(new OpenApiSecurityRequirement { [bearer] = [] });
        });
        return builder;
    }

    internal static WebApplication MapHttpJsonApiReference(this WebApplication app)
    {
        app.UseSwagger(options => options.RouteTemplate = "openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
        {
            app.UseSwaggerUI(options =>
            {
                options.RoutePrefix = ReferencePath.TrimStart('/');
                options.SwaggerEndpoint(DocumentPath, "v1");
            });
        }
        return app;
    }
}
