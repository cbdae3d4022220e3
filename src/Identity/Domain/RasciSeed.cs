namespace SupportPlatform.Identity.Domain;

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
