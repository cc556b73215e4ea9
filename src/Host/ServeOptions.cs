using Akka.Configuration;
using MediaActors.Configuration;
using MediaActors.Protocol.Formats;

namespace MediaActors.Host;

/// <summary>What `mediaactors serve` (or `board`) was asked to do: the K230 sample's parameters plus the RTSP server's.</summary>
/// <param name="Listen">False for a board with --rtsp-port 0: its sessions exist (relays pull them) but it serves no RTSP itself.</param>
/// <param name="PrintBaseUrl">When ready, print the server's base URL (`board`) rather than the session's URL (`serve`).</param>
public sealed record ServeOptions(
    int Port,
    string Session,
    Codec Codec,
    Codec? Audio,
    int? Width,
    int? Height,
    int? Fps,
    int? BitrateKbps,
    int? Gop,
    ServerFlags Server,
    ServeSource Source,
    bool Listen = true,
    bool PrintBaseUrl = false)
{
    /// <summary>
    /// The effective configuration: command-line flags over the --config file over the shipped
    /// defaults (hocon/mediaactors.conf, or <paramref name="shipped"/>: a board's); <paramref name="overrides"/>
    /// holds the command's other options (a board's cluster options).
    /// </summary>
    public LayeredConfig ToConfig(Config? shipped = null, HoconOverrides? overrides = null)
    {
        var camera = (overrides ?? new HoconOverrides())
            .Set("mediaactors.camera.width", Width, "--width")
            .Set("mediaactors.camera.height", Height, "--height")
            .Set("mediaactors.camera.fps", Fps, "--fps")
            .Set("mediaactors.camera.bitrate-kbps", BitrateKbps, "--bitrate")
            .Set("mediaactors.camera.gop", Gop, "--gop");
        return Server.ToConfig(camera, shipped ?? MediaActorsConfig.Default);
    }

    /// <summary>The rtsp:// targets the session is pushed to (`--push`, repeatable).</summary>
    public IReadOnlyList<string> Pushes { get; init; } = [];
}
