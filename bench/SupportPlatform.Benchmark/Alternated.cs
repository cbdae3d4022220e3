namespace SupportPlatform.Benchmark;

/// <summary>
/// Two calls measured in alternating windows (<see cref="Load.AlternatingAsync"/>): each one's
/// windows together, and the ratio of B to A in each pair of windows.
/// </summary>
public sealed record Alternated(Measurement A, Measurement B, IReadOnlyList<double> RoundRatios)
{
    /// <summary>B's throughput over A's, over all windows.</summary>
    public double Ratio => B.PerSecond / A.PerSecond;
}
