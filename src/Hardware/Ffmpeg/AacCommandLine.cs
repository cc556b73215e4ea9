using System.Globalization;

namespace MediaActors.Hardware.Ffmpeg;

/// <summary>The ffmpeg arguments that turn PCM16 on stdin into AAC-LC ADTS frames on stdout as soon as each is encoded.</summary>
/// <remarks>
/// Measured with ffmpeg 5.1 fed 20 ms of 8 kHz mono every 20 ms: with the default probing the first frame
/// arrives after ~2.1 s, because ffmpeg reads input to analyse it even though -f s16le fixes the format;
/// with -probesize 32 -analyzeduration 0 it arrives after ~0.5 s, the encoder's own priming, and then one
/// frame every 128 ms (1024 samples). As for video, -flush_packets 1 stops the muxer holding frames back.
/// </remarks>
internal static class AacCommandLine
{
    public static IReadOnlyList<string> Build(AudioFormat format) =>
    [
        "-hide_banner", "-nostats", "-loglevel", "error",
        "-probesize", "32", "-analyzeduration", "0",
        "-f", "s16le", "-ar", Number(format.SampleRate), "-ac", Number(format.Channels), "-i", "pipe:0",
        // 64 kbit/s is plenty for speech; at low rates ffmpeg quietly caps it at what AAC can carry.
        "-c:a", "aac", "-b:a", "64k",
        "-flush_packets", "1",
        "-f", "adts", "pipe:1",
    ];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
