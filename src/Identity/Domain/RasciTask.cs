namespace SupportPlatform.Identity.Domain;

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
