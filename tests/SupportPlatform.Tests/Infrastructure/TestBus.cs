using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>A MassTransit bus of the test's own on the given broker.</summary>
public sealed class TestBus : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly IBusControl control;

    private TestBus(ServiceProvider provider)
    {
        this.provider = provider;
        control = provider.GetRequiredService<IBusControl>();
    }

    public IBus Bus => control;

    public IServiceProvider Services => provider;

    public static async Task<TestBus> StartAsync(RabbitMqBroker broker, Action<IBusRegistrationConfigurator>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        services?.Invoke(collection);
        collection.AddMassTransit(bus =>
        {
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(broker.ConnectionString));
                rabbit.ConfigureEndpoints(context);
            });
        });
        var testBus = new TestBus(collection.BuildServiceProvider());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await testBus.control.StartAsync(timeout.Token);
        return testBus;
    }

    public async ValueTask DisposeAsync()
    {
        await control.StopAsync();
        await provider.DisposeAsync();
    }
}
