namespace MediaActors.Tests.Infrastructure;

/// <summary>The checkout the tests were built from, for what they use of it as files (scripts, web assets).</summary>
public static class Repository
{
    /// <summary>The directory holding MediaActors.sln above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MediaActors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no MediaActors.sln above {AppContext.BaseDirectory}");
    }
}
