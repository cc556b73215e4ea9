using System.Globalization;

namespace MediaActors.Protocol.Rtsp;

/// <summary>The Range header (RFC 2326 section 12.29) in normal play time, the only unit live streams need.</summary>
public static class RangeHeader
{
    private const string NptPrefix = "npt=";
    private const string Now = "now";

    /// <summary>"npt=0.000-": a live stream plays from its start, open-ended.</summary>
    public static string FormatNptFromStart() => "npt=0.000-";

    /// <summary>
    /// Parses "npt=start-[end]" or "npt=-end" ("npt=0-", "npt=now-", "npt=1.5-3",
    /// "npt=00:01:02.5-"); a trailing ";time=..." is ignored. "now" and a missing bound give null.
    /// Returns false (never throws) for other units (smpte, clock) and malformed or reversed ranges.
    /// </summary>
    public static bool TryParseNpt(string value, out double? startSeconds, out double? endSeconds)
    {
        startSeconds = endSeconds = null;
        if (value is null)
        {
            return false;
        }

        var range = value.AsSpan();
        var semicolon = range.IndexOf(';');
        range = (semicolon < 0 ? range : range[..semicolon]).Trim();
        if (!range.StartsWith(NptPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        range = range[NptPrefix.Length..];
        var dash = range.IndexOf('-');
        if (dash < 0)
        {
            return false;
        }

        var start = range[..dash].Trim();
        var end = range[(dash + 1)..].Trim();
        if ((start.IsEmpty && end.IsEmpty)
            || !TryParseTime(start, out startSeconds)
            || !TryParseTime(end, out endSeconds))
        {
            return false;
        }

        return startSeconds is not { } s || endSeconds is not { } e || e >= s;
    }

    /// <summary>npt-time: "now", seconds with optional fraction, or h:mm:ss with optional fraction; empty is an open bound.</summary>
    private static bool TryParseTime(ReadOnlySpan<char> text, out double? seconds)
    {
        seconds = null;
        if (text.IsEmpty || text.Equals(Now, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        double total = 0;
        var fields = 0;
        foreach (var field in text.Split(':'))
        {
            if (!double.TryParse(text[field], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            total = (total * 60) + number;
            fields++;
        }

        if (fields is not (1 or 3))
        {
            return false;
        }

        seconds = total;
        return true;
    }
}
