using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>The one way a service registers a gRPC client for another service.</summary>
public static class ServiceClientExtensions
{
    /// <summary>
    /// A typed client of another service at <paramref name="address"/>, with the deadline and the
    /// UNAVAILABLE retry policy of <see cref="ServiceCallOptions"/> (<c>ServiceCalls</c>), and the
    /// serving call's cancellation and deadline passed on. Calls made outside a gRPC request
    /// (consumers, background work) simply have nothing to pass on.
    /// </summary>
    public static IHttpClientBuilder AddServiceClient<TClient>(this IHostApplicationBuilder builder, Uri address) where TClient : class
    {
        var settings = builder.Configuration.GetSection("ServiceCalls").Get<ServiceCallOptions>() ?? new ServiceCallOptions();
        var retry = new MethodConfig
        {
            Names = { MethodName.Default },
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = settings.MaxAttempts,
                InitialBackoff = settings.InitialBackoff,
                MaxBackoff = settings.MaxBackoff,
                BackoffMultiplier = 2,
                RetryableStatusCodes = { StatusCode.Unavailable },
            },
        };
        return builder.Services.AddGrpcClient<TClient>(options => options.Address = address)
            .ConfigureChannel(channel => channel.ServiceConfig = new ServiceConfig { MethodConfigs = { retry } })
            .AddInterceptor(() => new DefaultDeadlineInterceptor(settings.Deadline))
            .EnableCallContextPropagation(options => options.SuppressContextNotFoundErrors = true);
    }
}
