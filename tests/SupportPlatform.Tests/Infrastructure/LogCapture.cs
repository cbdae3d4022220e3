using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>
/// An in-memory logging provider that records, at every level from Debug up regardless of the
/// host's configured levels, each entry's formatted message, structured values, exception text
/// and scopes, so a test can search everything a service wrote.
/// </summary>
[ProviderAlias("Capture")]
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    /// <summary>Every entry so far, one text per entry.</summary>
    public IReadOnlyList<string> Entries => entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static string Describe(object? value) => value switch
    {
        null => "",
        string text => text,
        IEnumerable<KeyValuePair<string, object?>> pairs => string.Join(" ", pairs.Select(pair => $"{pair.Key}={Describe(pair.Value)}")),
        System.Collections.IEnumerable items => string.Join(",", items.Cast<object?>().Select(Describe)),
        _ => value.ToString() ?? "",
    };

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var text = new System.Text.StringBuilder()
                .Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception))
                .Append(" | ").Append(Describe(state));
            owner.scopes.ForEachScope((scope, builder) => builder.Append(" | scope ").Append(Describe(scope)), text);
            if (exception is not null)
            {
                text.Append(" | ").Append(exception);
            }
            owner.entries.Enqueue(text.ToString());
        }
    }
}
