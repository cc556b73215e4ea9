using System.CommandLine;

namespace MediaActors.Host;

/// <summary>
/// The options of the commands that stream from a camera (`serve`, `board`): the session, the
/// source and the sensor and encoder parameters of the K230 sample, plus the RTSP server's own
/// (<see cref="RtspOptions"/>).
/// </summary>
public sealed class StreamOptions
{
    private readonly Option<string> _session = new("--session") { Description = "Session name, the URL path", DefaultValueFactory = _ => "test" };
    private readonly Option<VideoType> _codec = new("--codec") { Description = "Video codec", DefaultValueFactory = _ => VideoType.H264 };
    private readonly Option<AudioType?> _audio = new("--audio")
    {
        Description = "Add a live test tone as audio: pcmu (the K230 default when no value is given), pcma or aac",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private readonly Option<int?> _width = new("--width") { Description = "Sensor width in pixels (default 1280)" };
    private readonly Option<int?> _height = new("--height") { Description = "Sensor height in pixels (default 720)" };
    private readonly Option<int?> _fps = new("--fps") { Description = "Frames per second (default 30)" };
    private readonly Option<int?> _bitrate = new("--bitrate") { Description = "Encoder bitrate in kbit/s (default 2000)" };
    private readonly Option<int?> _gop = new("--gop") { Description = "Frames from one keyframe to the next (default 30)" };
    private readonly Option<string> _source = new("--source")
    {
        Description = "Video source: synthetic (test pattern through ffmpeg), k230 (the board's sensor and encoder), or " +
                      "file:PATH (an Annex-B .h264/.h265 file played in a loop at its frame rate, --fps to override; its codec is the stream's)",
        DefaultValueFactory = _ => "synthetic",
    };
    private readonly RtspOptions _rtsp = new();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _session, _codec, _audio, _width, _height, _fps, _bitrate, _gop, _source })
        {
            command.Options.Add(option);
        }

        _rtsp.AddTo(command);
    }

    /// <summary>The options given, for a server on <paramref name="port"/>.</summary>
    public ServeOptions Read(ParseResult result, int port, bool listen = true, bool printBaseUrl = false) => new(
        port, result.GetValue(_session)!, result.GetValue(_codec), AudioOf(result),
        result.GetValue(_width), result.GetValue(_height), result.GetValue(_fps), result.GetValue(_bitrate), result.GetValue(_gop),
        _rtsp.Read(result), ServeSource.Parse(result.GetValue(_source)!), listen, printBaseUrl);

    /// <summary>`--audio` alone means G.711 µ-law, the K230's audio; `--audio aac` names the codec.</summary>
    private AudioType? AudioOf(ParseResult result) =>
        result.GetResult(_audio) is null ? null : result.GetValue(_audio) ?? AudioType.Pcmu;
}
