using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SupportPlatform.Client;

/// <summary>Registers the SupportPlatform client in a service collection.</summary>
public static class SupportPlatformServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SupportPlatformClient"/> (one per container), each typed client
    /// (e.g. <c>CaseService.CaseServiceClient</c>) and, when tokens are configured,
    /// <see cref="ISupportPlatformTokenSource"/>.
    /// </summary>
    public static IServiceCollection AddSupportPlatformClient(this IServiceCollection services, Action<SupportPlatformClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SupportPlatformClientOptions>().Configure(configure);
        services.TryAddSingleton(provider => new SupportPlatformClient(provider.GetRequiredService<IOptions<SupportPlatformClientOptions>>().Value));
        services.TryAddSingleton(provider => provider.GetRequiredService<SupportPlatformClient>().Tokens
            ?? throw new InvalidOperationException("No tokens are configured: set ClientId and ClientSecret, or AccessTokenProvider."));
        Add(services, client => client.Cases);
        Add(services, client => client.Access);
        Add(services, client => client.Organizations);
        Add(services, client => client.People);
        Add(services, client => client.TokenService);
        Add(services, client => client.Responsibility);
        Add(services, client => client.Slas);
        Add(services, client => client.SlaPolicies);
        Add(services, client => client.Escalations);
        Add(services, client => client.OnCall);
        Add(services, client => client.EscalationPolicies);
        Add(services, client => client.Paging);
        Add(services, client => client.Rcas);
        Add(services, client => client.Notifications);
        return services;
    }

    private static void Add<T>(IServiceCollection services, Func<SupportPlatformClient, T> client) where T : class =>
        services.TryAddSingleton(provider => client(provider.GetRequiredService<SupportPlatformClient>()));
}
