using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>
/// One service on real Kestrel (HTTP/2 on a free loopback port), configured like the AppHost
/// configures it: its own SQLite file, the broker, the identity service's address. Optionally with
/// a clock of the test's and a <see cref="LogCapture"/> that receives everything from Debug up.
/// </summary>
public sealed class ServiceHost<TProgram> : WebApplicationFactory<TProgram> where TProgram : class
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly TimeProvider? clock;
    private readonly LogCapture? logs;
    private GrpcChannel? channel;

    public ServiceHost(IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null, LogCapture? logs = null)
    {
        this.settings = settings;
        this.clock = clock;
        this.logs = logs;
        UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            // HTTP/JSON (gRPC JSON transcoding) on a port of its own, as the AppHost serves it.
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        });
    }

    /// <summary>The service's gRPC address (after <see cref="WebApplicationFactory{T}.StartServer"/>).</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>The service's HTTP/JSON address (HTTP/1.1).</summary>
    public Uri JsonAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ElementAt(1));

    /// <summary>A real gRPC channel to the service.</summary>
    public GrpcChannel Channel => channel ??= GrpcChannel.ForAddress(Address);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (logs is not null)
        {
            builder.ConfigureLogging(logging => logging
                .AddProvider(logs)
                // A rule for this provider alone outranks the configured category levels.
                .AddFilter<LogCapture>(null, LogLevel.Debug));
        }
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        channel?.Dispose();
        await base.DisposeAsync();
    }
}
