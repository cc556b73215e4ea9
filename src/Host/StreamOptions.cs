using System.CommandLine;
using MediaActors.Protocol.Formats;

namespace MediaActors.Host;

/// <summary>
/// The options of the commands that stream from a camera (`serve`, `board`): the session, the
/// source and the sensor and encoder parameters of the K230 sample, plus the RTSP server's own
/// (<see cref="RtspOptions"/>).
/// </summary>
public sealed class StreamOptions
{
    private readonly Option<string> _session = new("--session") { Description = "Session name, the URL path", DefaultValueFactory = _ => "test" };
    private readonly Option<Codec> _codec = new("--codec")
    {
        Description = "Video codec",
        DefaultValueFactory = _ => Codec.H264,
        HelpName = string.Join('|', CodecNames(CodecFormat.IsVideo)),
    };
    private readonly Option<Codec?> _audio = new("--audio")
    {
        Description = "Add a live test tone as audio: pcmu (the K230 default when no value is given), pcma or aac",
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = string.Join('|', CodecNames(CodecFormat.IsAudio)),
    };
    private readonly Option<int?> _width = new("--width") { Description = "Sensor width in pixels (default 1280)" };
    private readonly Option<int?> _height = new("--height") { Description = "Sensor height in pixels (default 720)" };
    private readonly Option<int?> _fps = new("--fps") { Description = "Frames per second (default 30)" };
    private readonly Option<int?> _bitrate = new("--bitrate") { Description = "Encoder bitrate in kbit/s (default 2000)" };
    private readonly Option<int?> _gop = new("--gop") { Description = "Frames from one keyframe to the next (default 30)" };
    private readonly Option<string> _source = new("--source")
    {
        Description = "Video source: synthetic (test pattern through ffmpeg), k230 (the board's sensor and encoder), or " +
                      "file:PATH (an Annex-B .h264/.h265 file played in a loop at its frame rate, --fps to override; its codec is the stream's), or " +
                      "rtsp://[user:password@]host[:port]/path (a camera pulled over RTSP; its codecs are the camera's), or " +
                      "ffmpeg:\"INPUT ARGS\" (any ffmpeg input, e.g. 'ffmpeg:-f lavfi -i testsrc2=size=640x360:rate=25' or " +
                      "'ffmpeg:-re -stream_loop -1 -i clip.mp4'; quoted as in a shell; video already in --codec is passed through, " +
                      "anything else encoded, see mediaactors.ffmpeg-input), or " +
                      "v4l2:DEVICE (a V4L2 camera through ffmpeg, e.g. v4l2:/dev/video0; its H.264/H.265 output is preferred when it has one)",
        DefaultValueFactory = _ => "synthetic",
    };
    private readonly Option<string[]> _push = new("--push")
    {
        Description = "Also push the session to this RTSP server (ANNOUNCE/RECORD over TCP, reconnecting with backoff): " +
                      "rtsp://[user:password@]host[:port]/path; repeatable",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private readonly RtspOptions _rtsp = new();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _session, _codec, _audio, _width, _height, _fps, _bitrate, _gop, _source, _push })
        {
            command.Options.Add(option);
        }

        _rtsp.AddTo(command);
    }

    /// <summary>The options given, for a server on <paramref name="port"/>.</summary>
    /// <exception cref="ArgumentException">--codec names no video codec, or --audio no audio codec.</exception>
    public ServeOptions Read(ParseResult result, int port, bool listen = true, bool printBaseUrl = false) => new(
        port, result.GetValue(_session)!, VideoOf(result), AudioOf(result),
        result.GetValue(_width), result.GetValue(_height), result.GetValue(_fps), result.GetValue(_bitrate), result.GetValue(_gop),
        _rtsp.Read(result), ServeSource.Parse(result.GetValue(_source)!), listen, printBaseUrl)
    {
        Pushes = result.GetValue(_push) ?? [],
    };

    /// <summary>How the options name codecs: lowercase, as in `--codec h265`.</summary>
    private static IEnumerable<string> CodecNames(Func<Codec, bool> kind) =>
        Enum.GetValues<Codec>().Where(kind).Select(codec => codec.ToString().ToLowerInvariant());

    private Codec VideoOf(ParseResult result) => Checked(result.GetValue(_codec), _codec.Name, CodecFormat.IsVideo, "a video codec");

    /// <summary>`--audio` alone means G.711 µ-law, the K230's audio; `--audio aac` names the codec.</summary>
    private Codec? AudioOf(ParseResult result) =>
        result.GetResult(_audio) is null ? null : Checked(result.GetValue(_audio) ?? Codec.Pcmu, _audio.Name, CodecFormat.IsAudio, "an audio codec");

    /// <summary>A codec of the kind the option wants; another (`--codec aac`) is refused like any invalid option.</summary>
    private static Codec Checked(Codec codec, string option, Func<Codec, bool> kind, string kindName) =>
        kind(codec)
            ? codec
            : throw new ArgumentException($"{option} {codec.ToString().ToLowerInvariant()} is not {kindName}: use {string.Join(", ", CodecNames(kind))}.");
}
