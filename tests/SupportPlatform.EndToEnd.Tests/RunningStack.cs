using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using SupportPlatform.Tests.Shared;

namespace SupportPlatform.EndToEnd.Tests;

/// <summary>
/// The whole stack as a developer runs it: the AppHost with its broker (a private rabbitmq-server
/// here, a container where Docker runs), the services, the portal and their SQLite files in a
/// fresh folder; every console line of every resource and every AppHost error is collected.
/// </summary>
public sealed partial class RunningStack : IAsyncDisposable
{
    public const string Secret = "e2e-bootstrap-secret";

    public static readonly string[] Services = ["identity", "cases", "escalation", "rca", "notification"];

    private readonly CancellationTokenSource watching;
    private readonly Task<List<(string Resource, string Line)>> logs;
    private readonly ErrorLog appHostErrors;

    private RunningStack(DistributedApplication app, string data, ErrorLog appHostErrors, CancellationToken timeout)
    {
        App = app;
        DataDirectory = data;
        this.appHostErrors = appHostErrors;
        watching = CancellationTokenSource.CreateLinkedTokenSource(timeout);
        // Watched once the resources exist; each watch begins with what was logged before it.
        logs = WatchLogs(app, [.. Services, "portal"], watching.Token);
        Clients = new SupportClients(Secret)
        {
            IdentityChannel = Channel("identity"),
            CasesChannel = Channel("cases"),
            EscalationChannel = Channel("escalation"),
            RcaChannel = Channel("rca"),
            NotificationChannel = Channel("notification"),
        };
    }

    public DistributedApplication App { get; }

    public string DataDirectory { get; }

    public SupportClients Clients { get; }

    /// <summary>Starts the AppHost and waits until every service and the portal are healthy.</summary>
    /// <param name="settings">AppHost settings on top of the test's own, e.g. <c>--messaging:RestartDelaySeconds=12</c>.</param>
    public static Task<RunningStack> StartAsync(CancellationToken timeout, params string[] settings) =>
        StartAsync(timeout, configure: null, settings);

    /// <param name="configure">Changes to the AppHost's model before it is built (e.g. a resource's environment).</param>
    public static async Task<RunningStack> StartAsync(CancellationToken timeout, Action<IDistributedApplicationTestingBuilder>? configure, params string[] settings)
    {
        var data = Path.Combine(Path.GetTempPath(), "sp-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--Data:Directory={data}", $"--Parameters:bootstrap-admin-secret={Secret}", .. settings], timeout);
        configure?.Invoke(builder);
        var appHostErrors = new ErrorLog();
        builder.Services.AddLogging(logging => logging.AddProvider(appHostErrors));
        var app = await builder.BuildAsync(timeout);
        await app.StartAsync(timeout);
        var stack = new RunningStack(app, data, appHostErrors, timeout);
        foreach (var resource in Services.Append("portal"))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout);
        }
        return stack;
    }

    public GrpcChannel Channel(string service) => GrpcChannel.ForAddress(App.GetEndpoint(service, "http"));

    /// <summary>
    /// Stops watching and asserts that every service started (else the absence of errors proves
    /// nothing) and that nothing any service, the portal or the AppHost logged is an Error (the
    /// console formatter marks Error "fail:" and Critical "crit:", coloured, after DCP's timestamp).
    /// </summary>
    public async Task AssertNoErrorLoggedAsync(ITestOutputHelper output)
    {
        watching.Cancel();
        // Each watch ends when cancelled; one that did not would hang the test run.
        var lines = await logs.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(Services, service => Assert.Contains(lines, entry => entry.Resource == service && entry.Line.Contains("Bus started")));
        var errors = lines.Where(entry => ErrorLine().IsMatch(AnsiEscape().Replace(entry.Line, ""))).ToList();
        foreach (var (resource, line) in errors)
        {
            output.WriteLine($"{resource}: {line}");
        }
        Assert.Empty(errors);
        foreach (var entry in appHostErrors.Entries)
        {
            output.WriteLine($"AppHost: {entry}");
        }
        // Nor did the AppHost itself (its readiness probes fail until each resource has started).
        Assert.Empty(appHostErrors.Entries);
    }

    public async ValueTask DisposeAsync()
    {
        watching.Cancel();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        watching.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean from the temp folder.
        }
    }

    /// <summary>
    /// Collects every console line of the resources, from their start until cancelled. The logs
    /// are kept under each replica's instance name (DCP's), one or more per resource: each
    /// instance is watched on its own as soon as it appears. (Aspire's combined watch of a
    /// resource with replicas does not end when cancelled.)
    /// </summary>
    private static async Task<List<(string Resource, string Line)>> WatchLogs(DistributedApplication app, string[] resources, CancellationToken cancellationToken)
    {
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        var lines = new ConcurrentQueue<(string Resource, string Line)>();
        var watches = new List<Task>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var change in app.ResourceNotifications.WatchAsync(cancellationToken))
            {
                if (resources.Contains(change.Resource.Name) && seen.Add(change.ResourceId))
                {
                    var (name, instance) = (change.Resource.Name, change.ResourceId);
                    watches.Add(Task.Run(async () =>
                    {
                        try
                        {
                            await foreach (var batch in loggers.WatchAsync(instance).WithCancellation(cancellationToken))
                            {
                                foreach (var line in batch)
                                {
                                    lines.Enqueue((name, line.Content));
                                }
                            }
                        }
                        catch (OperationCanceledException)
                        {
                            // Watching ends with the test.
                        }
                    }, CancellationToken.None));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Watching ends with the test.
        }
        await Task.WhenAll(watches);
        return [.. lines];
    }

    /// <summary>Records what the AppHost logs at Error or above.</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ErrorLog owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    owner.Entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
                }
            }
        }
    }

    [GeneratedRegex(@"^(\S+\s+){0,2}(fail|crit): ")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial Regex AnsiEscape();
}
