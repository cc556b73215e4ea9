namespace MediaActors.LoadClient.Churn;

/// <summary>
/// One session the churning readers pick from: its name (as the soak names it in its reports),
/// its RTSP URL and its HTTP base (<c>http://host:port/&lt;session&gt;</c>, where /ws and
/// /index.m3u8 are).
/// </summary>
public sealed record ChurnTarget(string Name, Uri Rtsp, Uri Http)
{
    /// <summary>Reads <c>NAME,RTSP_URL,HTTP_BASE</c>.</summary>
    public static ChurnTarget Parse(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 3)
        {
            throw new FormatException($"'{text}' is not NAME,RTSP_URL,HTTP_BASE");
        }

        return new ChurnTarget(parts[0], new Uri(parts[1]), new Uri(parts[2].TrimEnd('/') + "/"));
    }

    public Uri WebSocket => new UriBuilder(new Uri(Http, "ws")) { Scheme = "ws" }.Uri;

    public Uri HlsPlaylist => new(Http, "index.m3u8");
}
