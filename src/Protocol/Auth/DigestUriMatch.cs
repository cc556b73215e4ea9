using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Auth;

/// <summary>
/// Decides whether the uri a Digest client hashed names the resource it requested. The response
/// is computed over the client's uri as sent, so this check is what stops a response captured
/// for one stream being replayed, within the nonce's lifetime, against another.
/// </summary>
/// <remarks>
/// Clients differ, so the match is loose in exactly these ways and no others:
/// <list type="bullet">
/// <item>identical strings (FFmpeg and GStreamer hash the request URI itself);</item>
/// <item>the same scheme, host, port, decoded path and query after <see cref="RtspUrl"/> parsing:
/// trailing slashes, percent-escapes, host case, and a bare path on one side
/// (<c>/live/cam</c> against <c>rtsp://host/live/cam</c>) do not matter;</item>
/// <item>the stream's aggregate URL for a track URL (<c>rtsp://h/cam</c> for
/// <c>rtsp://h/cam/trackID=0</c>, the control segment in the path or the query): live555-based
/// clients such as VLC hash the base URL in SETUP. It names the same stream, so accepting it
/// for any method grants nothing extra.</item>
/// </list>
/// A different stream path, query, host or port never matches, nor does "*" against anything but "*".
/// </remarks>
internal static class DigestUriMatch
{
    public static bool Matches(string requestUri, string digestUri)
    {
        if (string.Equals(requestUri, digestUri, StringComparison.Ordinal))
        {
            return true;
        }

        if (!RtspUrl.TryParse(requestUri, out var requested) || !RtspUrl.TryParse(digestUri, out var hashed)
            || !SameServer(requested!, hashed!))
        {
            return false;
        }

        if (requested!.Path == hashed!.Path && requested.Query == hashed.Query)
        {
            return true;
        }

        return IsAggregateOf(hashed, requested);
    }

    /// <summary>Scheme, host and port agree, or one side is a bare path that names no server.</summary>
    private static bool SameServer(RtspUrl a, RtspUrl b) =>
        a.Host.Length == 0 || b.Host.Length == 0
        || (a.Scheme == b.Scheme && a.Port == b.Port && a.Host.Equals(b.Host, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="aggregate"/> is <paramref name="track"/> without its control segment.</summary>
    private static bool IsAggregateOf(RtspUrl aggregate, RtspUrl track)
    {
        var trackPath = MediaPathResolver.Resolve(track);
        var aggregatePath = MediaPathResolver.Resolve(aggregate);
        if (trackPath.TrackId is null || aggregatePath.TrackId is not null || trackPath.StreamPath != aggregatePath.StreamPath)
        {
            return false;
        }

        // The control segment sits at the end of the path (/cam/trackID=0?q) or of the query (/cam?q/trackID=0).
        var controlInPath = MediaPathResolver.Resolve(track with { Query = string.Empty }).TrackId is not null;
        var trackQuery = track.Query.TrimEnd('/');
        var queryWithoutControl = controlInPath ? trackQuery : trackQuery[..Math.Max(trackQuery.LastIndexOf('/'), 0)];
        return aggregate.Query.TrimEnd('/') == queryWithoutControl;
    }
}
