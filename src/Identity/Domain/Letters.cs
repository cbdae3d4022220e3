namespace SupportPlatform.Identity.Domain;

/// <summary>
/// RASCI letters. Cells are stored as letters in R, A, S, C, I order joined by commas
/// (<c>"R,A"</c>); the empty string means the party has no part in the task.
/// </summary>
public static class Letters
{
    public const string Order = "RASCI";

    /// <summary>The canonical form of a set of letters; throws on anything but R, A, S, C, I.</summary>
    public static string Normalize(IEnumerable<char> letters)
    {
        var set = letters.Where(letter => letter != ',' && !char.IsWhiteSpace(letter)).ToHashSet();
        var unknown = set.Where(letter => !Order.Contains(letter)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Not RASCI letters: {string.Join(", ", unknown)}.");
        }
        return string.Join(',', Order.Where(set.Contains));
    }

    public static IReadOnlyList<char> Parse(string? cell) =>
        string.IsNullOrEmpty(cell) ? [] : cell.Split(',').Select(letter => letter[0]).ToList();
}
