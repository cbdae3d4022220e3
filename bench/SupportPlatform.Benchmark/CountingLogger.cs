using Microsoft.Extensions.Logging;

namespace SupportPlatform.Benchmark;

/// <summary>Discards log entries but counts the errors and keeps the first, so a benchmark can say whether any clock failed.</summary>
public sealed class CountingLogger<T> : ILogger<T>
{
    private int errors;

    public int Errors => Volatile.Read(ref errors);

    public string? FirstError { get; private set; }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel < LogLevel.Warning)
        {
            return;
        }
        if (Interlocked.Increment(ref errors) == 1)
        {
            FirstError = formatter(state, exception) + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})");
        }
    }
}
