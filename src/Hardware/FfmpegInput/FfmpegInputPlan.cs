using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware.FfmpegInput;

/// <summary>
/// How an ffmpeg input is run as a camera, decided once at start: the ffmpeg command line that
/// writes its video as <see cref="Codec"/> Annex-B to stdout, and why it passes the video through or
/// encodes it (with which encoder).
/// </summary>
/// <param name="Input">The input as the user named it, for messages.</param>
/// <param name="Executable">The ffmpeg to run.</param>
/// <param name="Arguments">ffmpeg's arguments.</param>
/// <param name="Encoder">The encoder, or null when the video is copied.</param>
/// <param name="Decision">One sentence for the log: passthrough or the encoder, and why.</param>
public sealed record FfmpegInputPlan(
    string Input,
    Codec Codec,
    string Executable,
    IReadOnlyList<string> Arguments,
    string? Encoder,
    string Decision)
{
    public bool IsPassthrough => Encoder is null;
}
