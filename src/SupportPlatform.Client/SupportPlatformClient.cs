using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using SupportPlatform.Cases.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Rca.V1;

namespace SupportPlatform.Client;

/// <summary>
/// Typed clients of every SupportPlatform service, sharing one channel per service, the access
/// token, default deadlines, retries of UNAVAILABLE and typed exceptions
/// (<see cref="SupportPlatformRpcException"/>). Create one and keep it (or register it with
/// <see cref="SupportPlatformServiceCollectionExtensions.AddSupportPlatformClient"/>).
/// </summary>
public sealed class SupportPlatformClient : IDisposable
{
    private readonly List<GrpcChannel> channels = [];
    private readonly CallInvoker? identity;
    private readonly CallInvoker? cases;
    private readonly CallInvoker? escalation;
    private readonly CallInvoker? rca;
    private readonly CallInvoker? notification;

    /// <summary>Builds the channels; nothing is called until the first RPC.</summary>
    public SupportPlatformClient(SupportPlatformClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Identity is null)
        {
            throw new ArgumentException("SupportPlatformClientOptions.Identity (the identity service's address) is required.", nameof(options));
        }
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentException("SupportPlatformClientOptions.MaxAttempts must be at least 1.", nameof(options));
        }
        var tokenChannel = Channel(options.Identity, options);
        Tokens = options.AccessTokenProvider is { } provider ? new DelegateTokenSource(provider)
            : options.ClientId is not null ? new ClientCredentialsTokenSource(new TokenService.TokenServiceClient(tokenChannel), options.ClientId,
                options.ClientSecret ?? throw new ArgumentException("SupportPlatformClientOptions.ClientSecret is required with ClientId.", nameof(options)),
                options.RefreshBeforeExpiry, options.TimeProvider)
            : null;
        var defaults = new CallDefaultsInterceptor(Tokens, options.DefaultDeadline, options.TimeProvider);
        identity = tokenChannel.Intercept(defaults);
        cases = Invoker(options.Cases, options, defaults);
        escalation = Invoker(options.Escalation, options, defaults);
        rca = Invoker(options.Rca, options, defaults);
        notification = Invoker(options.Notification, options, defaults);
    }

    /// <summary>The token every call carries; null when neither client credentials nor a provider are set.</summary>
    public ISupportPlatformTokenSource? Tokens { get; }

    /// <summary>support.cases.v1.CaseService.</summary>
    public CaseService.CaseServiceClient Cases => new(Require(cases, nameof(SupportPlatformClientOptions.Cases)));

    /// <summary>support.cases.v1.AccessService.</summary>
    public AccessService.AccessServiceClient Access => new(Require(cases, nameof(SupportPlatformClientOptions.Cases)));

    /// <summary>support.identity.v1.OrganizationService.</summary>
    public OrganizationService.OrganizationServiceClient Organizations => new(identity!);

    /// <summary>support.identity.v1.PeopleService.</summary>
    public PeopleService.PeopleServiceClient People => new(identity!);

    /// <summary>support.identity.v1.TokenService.</summary>
    public TokenService.TokenServiceClient TokenService => new(identity!);

    /// <summary>support.identity.v1.ResponsibilityService.</summary>
    public ResponsibilityService.ResponsibilityServiceClient Responsibility => new(identity!);

    /// <summary>support.escalation.v1.SlaService.</summary>
    public SlaService.SlaServiceClient Slas => new(Require(escalation, nameof(SupportPlatformClientOptions.Escalation)));

    /// <summary>support.escalation.v1.SlaPolicyService.</summary>
    public SlaPolicyService.SlaPolicyServiceClient SlaPolicies => new(Require(escalation, nameof(SupportPlatformClientOptions.Escalation)));

    /// <summary>support.escalation.v1.EscalationService.</summary>
    public EscalationService.EscalationServiceClient Escalations => new(Require(escalation, nameof(SupportPlatformClientOptions.Escalation)));

    /// <summary>support.escalation.v1.OnCallService.</summary>
    public OnCallService.OnCallServiceClient OnCall => new(Require(escalation, nameof(SupportPlatformClientOptions.Escalation)));

    /// <summary>support.escalation.v1.EscalationPolicyService.</summary>
    public EscalationPolicyService.EscalationPolicyServiceClient EscalationPolicies => new(Require(escalation, nameof(SupportPlatformClientOptions.Escalation)));

    /// <summary>support.escalation.v1.PagingService.</summary>
    public PagingService.PagingServiceClient Paging => new(Require(escalation, nameof(SupportPlatformClientOptions.Escalation)));

    /// <summary>support.rca.v1.RcaService.</summary>
    public RcaService.RcaServiceClient Rcas => new(Require(rca, nameof(SupportPlatformClientOptions.Rca)));

    /// <summary>support.notification.v1.NotificationService.</summary>
    public NotificationService.NotificationServiceClient Notifications => new(Require(notification, nameof(SupportPlatformClientOptions.Notification)));

    /// <inheritdoc />
    public void Dispose()
    {
        (Tokens as IDisposable)?.Dispose();
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
    }

    private CallInvoker? Invoker(Uri? address, SupportPlatformClientOptions options, Interceptor defaults) =>
        address is null ? null : Channel(address, options).Intercept(defaults);

    private GrpcChannel Channel(Uri address, SupportPlatformClientOptions options)
    {
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // Tokens go over plain http only where the address says so (development, or behind a
            // TLS-terminating proxy on the same host).
            UnsafeUseInsecureChannelCallCredentials = address.Scheme == Uri.UriSchemeHttp,
            ServiceConfig = options.MaxAttempts > 1 ? Retries(options.MaxAttempts) : null,
        });
        channels.Add(channel);
        return channel;
    }

    private static ServiceConfig Retries(int attempts) => new()
    {
        MethodConfigs =
        {
            new MethodConfig
            {
                Names = { MethodName.Default },
                RetryPolicy = new RetryPolicy
                {
                    MaxAttempts = attempts,
                    InitialBackoff = TimeSpan.FromMilliseconds(200),
                    MaxBackoff = TimeSpan.FromSeconds(5),
                    BackoffMultiplier = 2,
                    RetryableStatusCodes = { StatusCode.Unavailable },
                },
            },
        },
    };

    private static CallInvoker Require(CallInvoker? invoker, string option) =>
        invoker ?? throw new InvalidOperationException($"SupportPlatformClientOptions.{option} (the service's address) is not set.");

    private sealed class DelegateTokenSource(Func<CancellationToken, ValueTask<string>> provider) : ISupportPlatformTokenSource
    {
        public ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken = default) => provider(cancellationToken);
    }
}
