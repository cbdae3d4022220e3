namespace SupportPlatform.Escalation.Application;

/// <summary>What one timer pass did.</summary>
/// <param name="Leased">False when another replica holds the lease (then nothing was done).</param>
/// <param name="Evaluated">Clocks whose timer was due and that were evaluated.</param>
public sealed record TimerPass(bool Leased, int Evaluated);
