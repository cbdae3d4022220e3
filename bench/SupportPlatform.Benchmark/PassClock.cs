namespace SupportPlatform.Benchmark;

/// <summary>A clock that stands still at the instant the benchmark sets: each timer pass runs "at" one chosen instant.</summary>
public sealed class PassClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
