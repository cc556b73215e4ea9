using System.Globalization;

namespace MediaActors.Recording;

/// <summary>
/// Where a session's segments live (<c>root/&lt;session&gt;/&lt;UTC start&gt;.mp4</c>) and how a segment's
/// name tells its start. A session path's '/' become subdirectories; a part that could leave the
/// directory ("." or "..", or empty) is written with its characters escaped instead.
/// </summary>
public static class RecordingPaths
{
    public const string Extension = ".mp4";
    private const string StartFormat = "yyyy-MM-dd'T'HH-mm-ss.fff'Z'";

    public static string DirectoryOf(string root, string session)
    {
        var parts = session.Split('/').Select(part => part is "" or "." or ".." ? Uri.EscapeDataString(part.Replace(".", "%2E", StringComparison.Ordinal)) + "_" : part);
        return Path.Combine([root, .. parts]);
    }

    public static string FileNameOf(DateTimeOffset start) => start.UtcDateTime.ToString(StartFormat, CultureInfo.InvariantCulture) + Extension;

    /// <summary>The start a segment's name tells; false for a file that is not one of ours.</summary>
    public static bool TryParseStart(string fileName, out DateTimeOffset start)
    {
        start = default;
        if (!fileName.EndsWith(Extension, StringComparison.Ordinal)
            || !DateTime.TryParseExact(fileName[..^Extension.Length], StartFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        start = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }
}
