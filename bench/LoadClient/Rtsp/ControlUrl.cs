namespace MediaActors.LoadClient.Rtsp;

/// <summary>Resolves an SDP `a=control` against the base URL of the presentation (RFC 2326 C.1.1).</summary>
public static class ControlUrl
{
    /// <summary>
    /// An absolute control is used as it is, `*` (or none) means the base itself, and anything
    /// else is appended to the base with one `/` between. Appending rather than RFC 3986
    /// resolution is what FFmpeg, GStreamer and live555 do: against `rtsp://h/test` a strict
    /// resolver would turn `trackID=0` into `rtsp://h/trackID=0`, which no server expects.
    /// </summary>
    public static string Resolve(string baseUrl, string? control)
    {
        if (string.IsNullOrEmpty(control) || control == "*")
        {
            return baseUrl;
        }

        if (control.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || control.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase))
        {
            return control;
        }

        return baseUrl.TrimEnd('/') + "/" + control.TrimStart('/');
    }
}
