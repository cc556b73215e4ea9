using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware.Ffmpeg;

/// <summary>
/// The command lines of an ffmpeg input used as a camera: the ffprobe that tells its codec, and the
/// ffmpeg that writes its first video stream to stdout as Annex-B, copied when it already is the
/// session's codec and encoded otherwise.
/// </summary>
internal static class FfmpegInputCommandLine
{
    /// <summary>
    /// ffmpeg options that may precede an input but that ffprobe refuses ("Option not found"),
    /// with how many values each takes. They are left out of the probe; its answer does not depend
    /// on them (reading speed, looping, offsets, the decoder to use).
    /// </summary>
    private static readonly Dictionary<string, int> FfmpegOnlyInputOptions = new(StringComparer.Ordinal)
    {
        ["-re"] = 0,
        ["-nostdin"] = 0,
        ["-nostats"] = 0,
        ["-y"] = 0,
        ["-n"] = 0,
        ["-stream_loop"] = 1,
        ["-readrate"] = 1,
        ["-thread_queue_size"] = 1,
        ["-itsoffset"] = 1,
        ["-itsscale"] = 1,
        ["-ss"] = 1,
        ["-sseof"] = 1,
        ["-t"] = 1,
        ["-to"] = 1,
        ["-hwaccel"] = 1,
        ["-hwaccel_device"] = 1,
        ["-hwaccel_output_format"] = 1,
        ["-c"] = 1,
        ["-codec"] = 1,
        ["-vcodec"] = 1,
    };

    /// <summary>
    /// Splits the user's arguments at the end of the last input (the value after the last
    /// <c>-i</c>): what comes before is the input, what comes after are output options
    /// (<c>-vf scale=640:-2</c>), which only ffmpeg sees.
    /// </summary>
    /// <exception cref="ArgumentException">There is no <c>-i</c> with a value.</exception>
    public static (IReadOnlyList<string> Input, IReadOnlyList<string> Output) SplitAtInput(IReadOnlyList<string> arguments)
    {
        for (var i = arguments.Count - 2; i >= 0; i--)
        {
            if (arguments[i] == "-i")
            {
                return (arguments.Take(i + 2).ToList(), arguments.Skip(i + 2).ToList());
            }
        }

        throw new ArgumentException(
            $"'{string.Join(' ', arguments)}' names no input: give ffmpeg's input options ending in -i INPUT, e.g. ffmpeg:-f lavfi -i testsrc2=size=640x360:rate=25.");
    }

    /// <summary>ffprobe printing the first video stream's "codec,width,height" (nothing when there is none).</summary>
    public static IReadOnlyList<string> Probe(IReadOnlyList<string> input) =>
    [
        "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0",
        .. WithoutFfmpegOnlyOptions(input),
    ];

    /// <summary>ffmpeg copying the input's first video stream, already in <paramref name="codec"/>, to stdout as Annex-B.</summary>
    public static IReadOnlyList<string> Passthrough(IReadOnlyList<string> input, Codec codec) =>
    [
        .. Common(input),
        // The bitstream filter turns length-prefixed NAL units (MP4, Matroska) into Annex-B with the
        // parameter sets in front of every keyframe; an Annex-B input passes through unchanged.
        "-c:v", "copy", "-bsf:v", Mp4ToAnnexB(codec),
        .. Output(codec),
    ];

    /// <summary>ffmpeg encoding the input's first video stream with <paramref name="encoder"/> to stdout as Annex-B.</summary>
    /// <param name="outputOptions">The user's options after the input (filters, say).</param>
    public static IReadOnlyList<string> Encode(IReadOnlyList<string> input, IReadOnlyList<string> outputOptions, FfmpegVideoEncoderChoice encoder) =>
    [
        .. Common(input),
        .. outputOptions,
        // One output picture per input picture, at the pace they arrive: never duplicate or drop to fit a rate.
        "-fps_mode", "passthrough",
        .. encoder.Arguments,
        .. Output(encoder.Codec),
    ];

    /// <summary>
    /// The output options of <paramref name="encoder"/> for <paramref name="settings"/>: libx264 and libx265
    /// tuned as the synthetic camera's encoder; a hardware encoder with the pixel format or upload it needs,
    /// the GOP and the bitrate.
    /// </summary>
    public static FfmpegVideoEncoderChoice EncoderArguments(string encoder, EncoderSettings settings)
    {
        var codec = CodecOfEncoder(encoder)
            ?? throw new ArgumentException($"'{encoder}' is not an H.264 or H.265 encoder ffmpeg names (libx264, libx265, h264_vaapi, hevc_v4l2m2m, ...).");
        if (codec != settings.Codec)
        {
            throw new ArgumentException($"The encoder {encoder} makes {CodecFormat.Of(codec).Name}, but the session's codec is {CodecFormat.Of(settings.Codec).Name}.");
        }

        string[] arguments = encoder switch
        {
            // Fixed to 4:2:0 so that a 4:2:2 camera (YUYV) does not push x264 into a profile players lack.
            "libx264" or "libx265" => ["-pix_fmt", "yuv420p", .. FfmpegCommandLine.SoftwareEncoder(settings)],
            _ when encoder.EndsWith("_vaapi", StringComparison.Ordinal) =>
                ["-vaapi_device", "/dev/dri/renderD128", "-vf", "format=nv12,hwupload", "-c:v", encoder, .. Generic(settings)],
            _ when encoder.EndsWith("_nvenc", StringComparison.Ordinal) =>
                ["-pix_fmt", "yuv420p", "-c:v", encoder, "-preset", "p1", "-tune", "ll", "-bf", "0", .. Generic(settings)],
            _ => ["-pix_fmt", "yuv420p", "-c:v", encoder, .. Generic(settings)],
        };
        return new FfmpegVideoEncoderChoice(encoder, codec, arguments);
    }

    /// <summary>The codec an ffmpeg encoder's name says it makes (libx264, h264_vaapi: H.264; libx265, hevc_nvenc: H.265).</summary>
    public static Codec? CodecOfEncoder(string encoder) =>
        encoder.Contains("264", StringComparison.Ordinal) ? Codec.H264
        : encoder.Contains("265", StringComparison.Ordinal) || encoder.StartsWith("hevc", StringComparison.Ordinal) ? Codec.H265
        : null;

    /// <summary>The ffmpeg input options with those ffprobe does not know left out.</summary>
    public static IReadOnlyList<string> WithoutFfmpegOnlyOptions(IReadOnlyList<string> input)
    {
        var kept = new List<string>(input.Count);
        for (var i = 0; i < input.Count; i++)
        {
            var option = input[i];
            // -c:v h264_cuvid and -codec:v choose a decoder, as -c does.
            var name = option.StartsWith("-c:", StringComparison.Ordinal) || option.StartsWith("-codec:", StringComparison.Ordinal) ? "-c" : option;
            if (FfmpegOnlyInputOptions.TryGetValue(name, out var values))
            {
                i += values;
                continue;
            }

            kept.Add(option);
        }

        return kept;
    }

    private static string[] Common(IReadOnlyList<string> input) =>
    [
        // -nostdin: ffmpeg would otherwise read its stdin for keyboard commands.
        "-hide_banner", "-nostats", "-nostdin", "-loglevel", "error",
        .. input,
        // The first video stream only: a camera's audio or subtitles have no place in this stream.
        "-map", "0:v:0", "-an", "-sn", "-dn",
    ];

    private static string[] Generic(EncoderSettings settings) =>
        [.. FfmpegCommandLine.FixedGop(settings.GopFrames), .. FfmpegCommandLine.RateControl(settings)];

    private static string Mp4ToAnnexB(Codec codec) => codec == Codec.H265 ? "hevc_mp4toannexb" : "h264_mp4toannexb";

    // -flush_packets 1: each access unit leaves ffmpeg as soon as it is muxed, not when 32 KB have gathered.
    private static string[] Output(Codec codec) =>
        ["-flush_packets", "1", "-f", codec == Codec.H265 ? "hevc" : "h264", "pipe:1"];
}

/// <summary>An ffmpeg video encoder and the output options it is run with.</summary>
public sealed record FfmpegVideoEncoderChoice(string Name, Codec Codec, IReadOnlyList<string> Arguments);
