using System.ComponentModel;

namespace SupportPlatform.BuildingBlocks.Responsibility;

/// <summary>
/// Who holds which letter of one task for one organisation. Immutable, so the cache hands out the
/// same instance instead of a copy.
/// </summary>
[ImmutableObject(true)]
public sealed record TaskResponsibility(string TaskId, long Version, IReadOnlyDictionary<char, IReadOnlyList<string>> Holders)
{
    public bool Holds(string party, char letter) => Holders.TryGetValue(letter, out var parties) && parties.Contains(party);

    /// <summary>The accountable party (the first when several).</summary>
    public string? Accountable => Holders.TryGetValue('A', out var parties) ? parties.FirstOrDefault() : null;
}
