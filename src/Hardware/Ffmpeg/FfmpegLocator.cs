namespace MediaActors.Hardware.Ffmpeg;

/// <summary>Finds the ffmpeg executable: the configured path, else MEDIAACTORS_FFMPEG, else PATH.</summary>
internal static class FfmpegLocator
{
    public const string EnvironmentVariable = "MEDIAACTORS_FFMPEG";

    private static readonly string ExecutableName = OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg";

    /// <param name="configuredPath">The caller's configured path, such as EncoderSettings.FfmpegPath; wins when set.</param>
    /// <param name="getEnvironmentVariable">Environment lookup, a parameter so tests need not mutate the process environment.</param>
    /// <exception cref="FileNotFoundException">No ffmpeg where the settings, the variable or PATH point.</exception>
    /// <param name="configuredBy">Where <paramref name="configuredPath"/> was set, named in the error when it is wrong.</param>
    public static string Resolve(
        string? configuredPath,
        Func<string, string?> getEnvironmentVariable,
        string configuredBy = $"{nameof(EncoderSettings)}.{nameof(EncoderSettings.FfmpegPath)}")
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return RequireFile(configuredPath, configuredBy);
        }

        var fromEnvironment = getEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return RequireFile(fromEnvironment, $"the {EnvironmentVariable} environment variable");
        }

        return SearchPath(getEnvironmentVariable("PATH"))
            ?? throw new FileNotFoundException(
                $"ffmpeg was not found on PATH; install it (apt-get install ffmpeg) or set {EnvironmentVariable} to its full path.",
                ExecutableName);
    }

    private static string RequireFile(string path, string source) =>
        File.Exists(path)
            ? Path.GetFullPath(path)
            : throw new FileNotFoundException(
                $"ffmpeg was not found at '{path}' (set by {source}); correct the path, or clear it to search PATH.", path);

    private static string? SearchPath(string? path) =>
        (path ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, ExecutableName))
            .FirstOrDefault(File.Exists);
}
