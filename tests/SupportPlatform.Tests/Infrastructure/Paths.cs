namespace SupportPlatform.Tests.Infrastructure;

public static class Paths
{
    /// <summary>The folder holding SupportPlatform.sln, found upwards from the test binaries.</summary>
    public static string SolutionDirectory { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SupportPlatform.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("SupportPlatform.sln was not found above " + AppContext.BaseDirectory);
    }
}
