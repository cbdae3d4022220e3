namespace SupportPlatform.Identity.Domain;

/// <summary>An organisation's matrix: the defaults with its overrides applied. Pure: no I/O.</summary>
public sealed record ResponsibilityMatrix(long Version, IReadOnlyList<(RasciTask Task, IReadOnlySet<string> Overridden)> Tasks)
{
    public static ResponsibilityMatrix Apply(IReadOnlyList<RasciTask> defaults, IReadOnlyList<MatrixOverrideRecord> overrides)
    {
        // The latest override of each cell wins.
        var latest = overrides.OrderBy(o => o.Version)
            .GroupBy(o => o.TaskId)
            .ToDictionary(group => group.Key, group => (IReadOnlyDictionary<string, string>)group
                .GroupBy(o => o.Party).ToDictionary(cell => cell.Key, cell => cell.Last().Letters));
        var tasks = defaults.Select(task =>
        {
            var applied = task.With(latest.GetValueOrDefault(task.TaskId) ?? new Dictionary<string, string>(), out var overridden);
            return (applied, overridden);
        }).ToList();
        return new ResponsibilityMatrix(overrides.Count == 0 ? 0 : overrides.Max(o => o.Version), tasks);
    }

    public (RasciTask Task, IReadOnlySet<string> Overridden)? Find(string taskId) =>
        Tasks.FirstOrDefault(entry => entry.Task.TaskId == taskId) is { Task: not null } found ? found : null;
}
