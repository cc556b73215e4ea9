namespace MediaActors.Host.Http;

/// <summary>
/// A request path under a session: <c>/&lt;session&gt;/&lt;resource&gt;</c>, where the session's stream
/// path may itself hold '/' (a relay serves <c>board/session</c>), so the resource is told by its
/// name at the end: <c>""</c> (the player page, from a path ending in '/'), <c>ws</c>,
/// <c>snapshot.jpg</c>, HLS files, or <c>recordings/&lt;file&gt;</c>.
/// </summary>
public readonly record struct WebPath(string Session, string Resource)
{
    private const string Recordings = "/recordings/";

    /// <summary>Splits <paramref name="path"/> (the part after the leading '/', already URL-decoded); false when it names no session.</summary>
    public static bool TryParse(string path, out WebPath webPath)
    {
        webPath = default;
        var recordings = path.LastIndexOf(Recordings, StringComparison.Ordinal);
        var split = recordings > 0 ? recordings : path.LastIndexOf('/');
        if (split <= 0)
        {
            return false;
        }

        var resource = recordings > 0 ? path[(recordings + 1)..] : path[(split + 1)..];
        webPath = new WebPath(path[..split], resource);
        return true;
    }
}
