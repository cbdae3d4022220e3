namespace SupportPlatform.Identity.Domain;

/// <summary>The parties of the agreement, as stored.</summary>
public static class Parties
{
    public const string Vendor = "VENDOR";
    public const string Customer = "CUSTOMER";
    public const string EndUsers = "END_USERS";

    /// <summary>The matrix's column order.</summary>
    public static readonly IReadOnlyList<string> All = [Vendor, Customer, EndUsers];
}

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

/// <summary>One row of the matrix with every party's cell.</summary>
public sealed record RasciTask(string TaskId, string Scope, string Name, int Position, IReadOnlyDictionary<string, string> Cells)
{
    /// <summary>The cells with an organisation's overrides applied; <paramref name="overridden"/> names the changed parties.</summary>
    public RasciTask With(IReadOnlyDictionary<string, string> overrides, out IReadOnlySet<string> overridden)
    {
        overridden = overrides.Keys.ToHashSet();
        if (overrides.Count == 0)
        {
            return this;
        }
        var cells = Cells.ToDictionary(pair => pair.Key, pair => pair.Value);
        foreach (var (party, letters) in overrides)
        {
            cells[party] = letters;
        }
        return this with { Cells = cells };
    }

    /// <summary>The parties holding a letter, in the matrix's column order.</summary>
    public IReadOnlyList<string> Holders(char letter) =>
        Parties.All.Where(party => Letters.Parse(Cells.GetValueOrDefault(party)).Contains(letter)).ToList();
}

/// <summary>The default matrix, read from the agreement's table (embedded <c>default-rasci.tsv</c>).</summary>
public static class RasciSeed
{
    public static IReadOnlyList<RasciTask> Load()
    {
        using var stream = typeof(RasciSeed).Assembly.GetManifestResourceStream("default-rasci.tsv")
            ?? throw new InvalidOperationException("default-rasci.tsv is not embedded.");
        using var reader = new StreamReader(stream);
        var tasks = new List<RasciTask>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var columns = line.Split('\t');
            var cells = new Dictionary<string, string>
            {
                [Parties.Vendor] = Letters.Normalize(columns[3]),
                [Parties.Customer] = Letters.Normalize(columns[4]),
                [Parties.EndUsers] = Letters.Normalize(columns[5]),
            };
            tasks.Add(new RasciTask(columns[0], columns[1], columns[2], tasks.Count + 1, cells));
        }
        return tasks;
    }
}
