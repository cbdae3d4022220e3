namespace SupportPlatform.Benchmark;

/// <summary>One line of a target table: what was measured, against which target, and whether it was met.</summary>
public sealed record TargetRow(string Name, string Measured, string Target, bool Pass)
{
    public static string Header => $"{"target",-44} {"measured",-22} {"target",-10} result";

    public override string ToString() => $"{Name,-44} {Measured,-22} {Target,-10} {(Pass ? "PASS" : "MISS")}";
}
