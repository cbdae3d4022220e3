extern alias cases;
extern alias escalation;
extern alias identity;
extern alias notification;
extern alias rca;

using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Tests.Shared;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>
/// The five services, each on Kestrel with its own SQLite file in a fresh folder, sharing a real
/// broker, plus helpers to set up organisations and people and to call the services as them.
/// </summary>
public sealed class ServiceStack : SupportClients, IAsyncDisposable
{
    public const string TestBootstrapSecret = "test-bootstrap-secret";
    public const string InternalServicesSecret = "test-internal-services-secret";

    private readonly List<IAsyncDisposable> hosts = [];
    private Dictionary<string, string?> casesSettings = [];
    private ServiceHost<cases::Program>? casesHost;
    private TimeProvider? casesClock;
    private Dictionary<string, string?> notificationSettings = [];
    private ServiceHost<notification::Program>? notificationHost;
    private Dictionary<string, string?> escalationSettings = [];
    private ServiceHost<escalation::Program>? escalationHost;
    private ServiceHost<identity::Program>? identityHost;

    private ServiceStack(string dataDirectory) : base(TestBootstrapSecret) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

    /// <summary>The identity service's clock; set its offset to let identity's time pass.</summary>
    public ShiftedClock IdentityClock { get; } = new();

    /// <summary>Everything the services logged, when started with a capture.</summary>
    public LogCapture? Logs { get; private set; }

    /// <summary>The SQLite file of a service's database, e.g. <c>casedb</c>.</summary>
    public string DatabaseFile(string name) => Path.Combine(DataDirectory, name + ".db");

    /// <summary>Each service's HTTP/JSON address (as started; a restarted service is not followed).</summary>
    public Dictionary<string, Uri> JsonAddresses { get; } = [];

    /// <summary>Each service's gRPC address (as started; a restarted service is not followed).</summary>
    public Dictionary<string, Uri> GrpcAddresses { get; } = [];

    /// <summary>The SMTP server the notification service sends e-mail to.</summary>
    public MailCatcher Mail { get; private set; } = null!;

    /// <summary>The file the notification service's default SMS provider appends each text message to.</summary>
    public string SmsSink => Path.Combine(DataDirectory, "sms.jsonl");

    /// <summary>The text messages sent so far: (delivery id, phone, text).</summary>
    public IReadOnlyList<(Guid Id, string To, string Text)> TextMessages()
    {
        if (!File.Exists(SmsSink))
        {
            return [];
        }
        using var stream = new FileStream(SmsSink, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .Select(sms => (sms.GetProperty("id").GetGuid(), sms.GetProperty("to").GetString()!, sms.GetProperty("text").GetString()!))];
    }

    /// <summary>The vendor support queue's e-mail address in the test stacks.</summary>
    public const string QueueAddress = "support-queue@vendor.test";

    /// <summary>The portal address e-mails link to in the test stacks.</summary>
    public const string PortalUrl = "https://portal.test";

    /// <summary>Starts the five services; with <paramref name="logs"/>, every service logs into it from Debug up.</summary>
    /// <param name="clock">
    /// A clock for all five services together (e.g. a FakeTimeProvider the test moves); by default
    /// identity runs on <see cref="IdentityClock"/> and the others on the system clock.
    /// </param>
    public static async Task<ServiceStack> StartAsync(
        RabbitMqBroker broker, LogCapture? logs = null, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var stack = new ServiceStack(Path.Combine(Path.GetTempPath(), "sp-tests-" + Guid.NewGuid().ToString("N")[..8])) { Logs = logs };
        Directory.CreateDirectory(stack.DataDirectory);
        var common = new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = broker.ConnectionString,
            // Poll often so that tests do not wait on the relay's idle interval.
            ["Outbox:PollInterval"] = "00:00:00.200",
        };
        // Tests drive one organisation (and one address) far harder than a tenant may: the rate
        // limits are out of their way here; RateLimitTests set them low on a stack of their own.
        foreach (var scope in new[] { "Tenant", "InternalService", "Anonymous" })
        {
            common[$"RateLimiting:{scope}:PermitsPerSecond"] = "1000000";
            common[$"RateLimiting:{scope}:Burst"] = "1000000";
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            common[key] = value;
        }
        var identityHost = stack.identityHost = stack.Host<identity::Program>("identitydb", new(common)
        {
            ["Identity:Bootstrap:ClientSecret"] = TestBootstrapSecret,
            ["Identity:Bootstrap:InternalServicesSecret"] = InternalServicesSecret,
        }, clock ?? stack.IdentityClock);
        stack.IdentityChannel = identityHost.Channel;
        stack.JsonAddresses["identity"] = identityHost.JsonAddress;
        stack.GrpcAddresses["identity"] = identityHost.Address;
        common["Identity:Address"] = identityHost.Address.ToString();
        stack.escalationSettings = WithCredentials(common, "escalation");
        stack.escalationHost = stack.Host<escalation::Program>("escalationdb", stack.escalationSettings, clock);
        stack.EscalationChannel = stack.escalationHost.Channel;
        stack.JsonAddresses["escalation"] = stack.escalationHost.JsonAddress;
        stack.GrpcAddresses["escalation"] = stack.escalationHost.Address;
        common["Escalation:Address"] = stack.escalationHost.Address.ToString();
        stack.casesSettings = WithCredentials(common, "cases");
        stack.casesClock = clock;
        stack.casesHost = stack.Host<cases::Program>("casedb", stack.casesSettings, clock);
        stack.CasesChannel = stack.casesHost.Channel;
        stack.JsonAddresses["cases"] = stack.casesHost.JsonAddress;
        stack.GrpcAddresses["cases"] = stack.casesHost.Address;
        common["Cases:Address"] = stack.casesHost.Address.ToString();
        var rcaHost = stack.Host<rca::Program>("rcadb", WithCredentials(common, "rca"), clock);
        stack.RcaChannel = rcaHost.Channel;
        stack.JsonAddresses["rca"] = rcaHost.JsonAddress;
        stack.GrpcAddresses["rca"] = rcaHost.Address;
        stack.Mail = MailCatcher.Start();
        var notificationSettings = WithCredentials(common, "notification");
        notificationSettings["Notification:Email:Host"] = "127.0.0.1";
        notificationSettings["Notification:Email:Port"] = stack.Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        notificationSettings["Notification:Email:Security"] = "None";
        notificationSettings["Notification:Email:QueueAddress"] = QueueAddress;
        notificationSettings["Notification:Email:PortalUrl"] = PortalUrl;
        notificationSettings["Notification:Sms:SinkPath"] = stack.SmsSink;
        // Look for due deliveries often: a retry's due time comes from the stack's clock.
        notificationSettings["Notification:Delivery:PollInterval"] = "00:00:00.200";
        stack.notificationSettings = notificationSettings;
        stack.notificationHost = stack.Host<notification::Program>("notificationdb", notificationSettings, clock);
        stack.NotificationChannel = stack.notificationHost.Channel;
        stack.JsonAddresses["notification"] = stack.notificationHost.JsonAddress;
        stack.GrpcAddresses["notification"] = stack.notificationHost.Address;
        return stack;
    }

    /// <summary>Stops the case service and starts a new one on the same database, as a restart would.</summary>
    public async Task RestartCasesAsync()
    {
        hosts.Remove(casesHost!);
        await casesHost!.DisposeAsync();
        casesHost = Host<cases::Program>("casedb", casesSettings, casesClock);
        CasesChannel = casesHost.Channel;
    }

    /// <summary>
    /// Stops the escalation service and starts a new one on the same database, as a restart would.
    /// The new one listens on another port, which the case service (which asks it when a P1's clock
    /// starts) does not learn: tests that restart it do not rely on that answer afterwards.
    /// </summary>
    public async Task RestartEscalationAsync()
    {
        hosts.Remove(escalationHost!);
        await escalationHost!.DisposeAsync();
        escalationHost = Host<escalation::Program>("escalationdb", escalationSettings, casesClock);
        EscalationChannel = escalationHost.Channel;
    }

    /// <summary>
    /// Starts another replica of the escalation service on the same database, broker and clock,
    /// beside the stack's own, with <paramref name="overrides"/> on top of the stack's settings; the
    /// stack stops it with the rest. Throws what its start threw.
    /// </summary>
    public void StartEscalationReplica(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(escalationSettings);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        Host<escalation::Program>("escalationdb", settings, casesClock);
    }

    /// <summary>
    /// Starts another replica of the escalation service beside the stack's own, as
    /// <see cref="StartEscalationReplica"/> does; the caller stops it by disposing it.
    /// </summary>
    public ServiceHost<escalation::Program> StartDetachedEscalationReplica()
    {
        var host = Host<escalation::Program>("escalationdb", escalationSettings, casesClock);
        hosts.Remove(host);
        return host;
    }

    /// <summary>
    /// Starts another replica of the notification service on the same database, broker, settings
    /// and clock, beside the stack's own: its consumers take messages off the same queues and its
    /// delivery worker claims from the same deliveries table. The stack stops it with the rest.
    /// With <paramref name="logs"/>, it logs there instead of into <see cref="Logs"/>, so that a
    /// test can tell which replica did what.
    /// </summary>
    public void StartNotificationReplica(LogCapture? logs = null) =>
        Host<notification::Program>("notificationdb", notificationSettings, casesClock, logs);

    /// <summary>
    /// Stops the notification service at once (as a crash would: work in flight is abandoned) and
    /// starts a new one on the same database and clock; it listens on another port.
    /// </summary>
    public async Task RestartNotificationAsync()
    {
        hosts.Remove(notificationHost!);
        await notificationHost!.DisposeAsync();
        notificationHost = Host<notification::Program>("notificationdb", notificationSettings, casesClock);
        NotificationChannel = notificationHost.Channel;
    }

    /// <summary>Stops the identity service for good (its port then refuses connections), as an outage would.</summary>
    public async Task StopIdentityAsync()
    {
        hosts.Remove(identityHost!);
        await identityHost!.DisposeAsync();
    }

    /// <summary>
    /// Starts another replica of the case service on the same database and broker, beside the
    /// stack's own; the caller stops it by disposing it. With <paramref name="logs"/>, it logs there.
    /// </summary>
    public ServiceHost<cases::Program> StartCasesReplica(LogCapture? logs = null)
    {
        var all = new Dictionary<string, string?>(casesSettings) { ["ConnectionStrings:casedb"] = $"Data Source={DatabaseFile("casedb")}" };
        var host = new ServiceHost<cases::Program>(all, logs: logs ?? Logs);
        host.StartServer();
        return host;
    }

    private static Dictionary<string, string?> WithCredentials(Dictionary<string, string?> settings, string service) => new(settings)
    {
        ["Identity:Client:ClientId"] = InternalServiceAccounts.ClientId(service),
        ["Identity:Client:ClientSecret"] = InternalServiceAccounts.DeriveSecret(InternalServicesSecret, service),
    };

    private ServiceHost<TProgram> Host<TProgram>(string database, Dictionary<string, string?> settings, TimeProvider? clock = null, LogCapture? logs = null)
        where TProgram : class
    {
        var all = new Dictionary<string, string?>(settings) { [$"ConnectionStrings:{database}"] = $"Data Source={DatabaseFile(database)}" };
        var host = new ServiceHost<TProgram>(all, clock, logs ?? Logs);
        try
        {
            host.StartServer();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        for (var index = hosts.Count - 1; index >= 0; index--)
        {
            await hosts[index].DisposeAsync();
        }
        if (Mail is not null)
        {
            await Mail.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean from the temp folder.
        }
    }
}

/// <summary>One broker and one stack for the service tests in the "stack" collection.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public RabbitMqBroker Broker { get; private set; } = null!;
    public ServiceStack Stack { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Broker = await RabbitMqBroker.StartAsync();
        Stack = await ServiceStack.StartAsync(Broker);
    }

    public async Task DisposeAsync()
    {
        await Stack.DisposeAsync();
        await Broker.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
