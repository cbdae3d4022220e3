namespace SupportPlatform.Cases.Domain;

/// <summary>
/// The End-of-Support policy for on-premises installations (configuration
/// <c>Cases:EndOfSupport:Versions</c>: "major.minor" → last day of support).
/// </summary>
public sealed class EndOfSupportOptions
{
    public Dictionary<string, DateOnly> Versions { get; set; } = new()
    {
        ["7.0"] = new DateOnly(2024, 12, 31),
        ["7.5"] = new DateOnly(2025, 12, 31),
        ["8.0"] = new DateOnly(2026, 12, 31),
        ["8.1"] = new DateOnly(2027, 6, 30),
        ["8.2"] = new DateOnly(2027, 12, 31),
    };
}
