using System.Globalization;
using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware.Ffmpeg;

/// <summary>
/// The ffmpeg arguments that turn raw NV12 frames on stdin into one AVI chunk per access unit on stdout,
/// as soon as each frame is encoded.
/// </summary>
/// <remarks>
/// Measured with ffmpeg 5.1 feeding one frame at a time: each frame's chunk reaches stdout before the next
/// frame is written. Median write-to-chunk time is ~1 ms (libx264) and ~3 ms (libx265) at 320x240, ~5 ms
/// and ~10 ms at 1280x720; only the first frame is slow (150-400 ms) while the encoder initialises.
/// With -flush_packets 0 the muxer holds output in its 32 KB I/O buffer and no chunk arrives within 3 s;
/// the default (-1) happens to flush on a pipe, so it is set to 1 explicitly rather than relied upon.
/// A single stream gives the muxer nothing to interleave, so -max_interleave_delta, -muxdelay and
/// -avioflags direct are not needed.
/// </remarks>
internal static class FfmpegCommandLine
{
    // One thread gives one slice per picture, as the K230 VENC produces: with sliced threads (which
    // zerolatency selects for more than one) every picture comes in several slices. One thread of
    // ultrafast x264 still encodes 1280x720 in a few milliseconds and adds no frame delay.
    private const int EncoderThreads = 1;

    public static IReadOnlyList<string> Build(EncoderSettings settings) =>
    [
        "-hide_banner", "-nostats", "-loglevel", "error",
        .. Input(settings.Format),
        // One output packet per input frame: never duplicate or drop to fit a frame rate.
        "-fps_mode", "passthrough",
        .. SoftwareEncoder(settings),
        "-flush_packets", "1",
        "-f", "avi", "pipe:1",
    ];

    /// <summary>libx264 or libx265 for <paramref name="settings"/>' codec, tuned for live streaming, with its rate control: the output options.</summary>
    internal static string[] SoftwareEncoder(EncoderSettings settings) =>
        [.. settings.Codec == Codec.H265 ? Libx265(settings) : Libx264(settings), .. RateControl(settings)];

    private static string[] Input(VideoFormat format) =>
    [
        "-f", "rawvideo", "-pix_fmt", "nv12",
        "-s", $"{format.Width}x{format.Height}",
        "-r", Number(format.FramesPerSecond),
        "-i", "pipe:0",
    ];

    // zerolatency turns off lookahead, frame threads and B-frames; repeat-headers puts SPS/PPS before
    // every IDR so a client joining mid-stream can decode from the next keyframe. ultrafast alone
    // turns CABAC off, and x264 then signals Constrained Baseline; cabac=1 keeps the stream Main
    // profile like the K230 VENC's (H264_PROFILE_MAIN) for a few percent more CPU.
    private static string[] Libx264(EncoderSettings settings) =>
    [
        "-c:v", "libx264", "-profile:v", "main", "-preset", "ultrafast", "-tune", "zerolatency",
        "-bf", "0", .. FixedGop(settings.GopFrames),
        "-threads", Number(EncoderThreads),
        "-x264-params", "repeat-headers=1:cabac=1",
    ];

    // open-gop=0 makes every keyframe an IDR rather than a CRA, as on the board, so any keyframe is a
    // clean join point. x265 prints its banner and statistics straight to stderr, past -loglevel;
    // log-level=error keeps the stderr tail for real errors.
    private static string[] Libx265(EncoderSettings settings) =>
    [
        "-c:v", "libx265", "-profile:v", "main", "-preset", "ultrafast", "-tune", "zerolatency",
        "-bf", "0", .. FixedGop(settings.GopFrames),
        "-x265-params", "repeat-headers=1:bframes=0:scenecut=0:open-gop=0:log-level=error",
    ];

    // A keyframe exactly every GOP frames, never earlier on a scene cut, so clients join predictably.
    internal static string[] FixedGop(int gopFrames) =>
        ["-g", Number(gopFrames), "-keyint_min", Number(gopFrames), "-sc_threshold", "0"];

    // Constant-ish bitrate with a one-second buffer: what a live stream over a fixed link wants.
    internal static string[] RateControl(EncoderSettings settings)
    {
        var bitrate = $"{Number(settings.BitrateKbps)}k";
        return ["-b:v", bitrate, "-maxrate", bitrate, "-bufsize", bitrate];
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
