using System.Globalization;

namespace MediaActors.Web;

/// <summary>
/// The names of a session's HLS files, relative to its playlist (<c>/&lt;session&gt;/index.m3u8</c>):
/// <c>init.mp4</c> (<c>init1.mp4</c>, ... after a change of format), <c>seg12.m4s</c> for
/// segment 12, <c>part12.3.m4s</c> for its part 3. The playlist writes them and the HTTP side
/// reads them back into requests, here in one place.
/// </summary>
public static class HlsNames
{
    public const string Playlist = "index.m3u8";

    public static string Init(int version) =>
        version == 0 ? "init.mp4" : string.Create(CultureInfo.InvariantCulture, $"init{version}.mp4");

    public static string Segment(long msn) => string.Create(CultureInfo.InvariantCulture, $"seg{msn}.m4s");

    public static string Part(long msn, int index) => string.Create(CultureInfo.InvariantCulture, $"part{msn}.{index}.m4s");

    /// <summary>True when <paramref name="name"/> is an HLS file name: index.m3u8, an init segment, a segment or a part.</summary>
    public static bool IsHls(string name) =>
        name == Playlist || TryParseFile(name, out _);

    /// <summary>The request for an init segment, segment or part file named <paramref name="name"/>; false for any other name.</summary>
    public static bool TryParseFile(string name, out object request)
    {
        request = null!;
        if (Between(name, "init", ".mp4") is { } init)
        {
            long version = 0;
            if (init.Length > 0 && !(TryNumber(init, out version) && version is > 0 and <= int.MaxValue))
            {
                return false;
            }

            request = new Hls.GetInit((int)version);
            return true;
        }

        if (Between(name, "seg", ".m4s") is { } segment && TryNumber(segment, out var msn))
        {
            request = new Hls.GetSegment(msn);
            return true;
        }

        if (Between(name, "part", ".m4s") is { } part && part.Split('.') is [var partMsn, var partIndex]
            && TryNumber(partMsn, out var partOf) && TryNumber(partIndex, out var index) && index <= int.MaxValue)
        {
            request = new Hls.GetPart(partOf, (int)index);
            return true;
        }

        return false;
    }

    private static string? Between(string name, string prefix, string suffix) =>
        name.Length >= prefix.Length + suffix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal)
            ? name[prefix.Length..^suffix.Length]
            : null;

    /// <summary>Digits only (no sign, no spaces), as the playlist writes them.</summary>
    private static bool TryNumber(string digits, out long value)
    {
        value = 0;
        return digits.Length is > 0 and <= 18 && digits.All(char.IsAsciiDigit)
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
