using System.ComponentModel;

namespace SupportPlatform.BuildingBlocks.Responsibility;

/// <summary>
/// Who holds which letter of one task for one organisation, and the people to contact. Immutable,
/// so the cache hands out the same instance instead of a copy.
/// </summary>
[ImmutableObject(true)]
public sealed record TaskResponsibility(string TaskId, long Version, IReadOnlyDictionary<char, IReadOnlyList<string>> Holders)
{
    /// <summary>
    /// The active people of the parties that hold a letter, once per party (a person who is both an
    /// L1 agent and an end-user is a contact of both parties): vendor engineers and support
    /// managers; the customer's L1 agents and customer admins; the organisation's end-users.
    /// </summary>
    public IReadOnlyList<TaskContact> Contacts { get; init; } = [];

    public bool Holds(string party, char letter) => Holders.TryGetValue(letter, out var parties) && parties.Contains(party);

    /// <summary>The letters the party holds, in R, A, S, C, I order ("" when none).</summary>
    public string LettersOf(string party) => string.Concat("RASCI".Where(letter => Holds(party, letter)));

    /// <summary>The accountable party (the first when several).</summary>
    public string? Accountable => Holders.TryGetValue('A', out var parties) ? parties.FirstOrDefault() : null;
}
