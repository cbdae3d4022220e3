namespace SupportPlatform.Tests.Infrastructure;

/// <summary>
/// The system clock plus an offset a test can set, to let a service's time pass (key retirement,
/// lockout expiry) without waiting. Timers and timestamps stay real.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
        set => Interlocked.Exchange(ref offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
