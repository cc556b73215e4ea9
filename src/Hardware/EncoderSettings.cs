using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware;

/// <summary>How to encode the raw frames of one stream.</summary>
/// <param name="Format">Format of the raw frames handed to the encoder.</param>
/// <param name="Codec">Output compression standard: a video codec.</param>
/// <param name="BitrateKbps">Target (and maximum) bitrate in kbit/s, 50..100000.</param>
/// <param name="GopFrames">Frames from one IDR to the next, 1..1000.</param>
/// <param name="FfmpegPath">ffmpeg executable to run; null means MEDIAACTORS_FFMPEG, then PATH.</param>
public sealed record EncoderSettings(
    VideoFormat Format,
    Codec Codec = Codec.H264,
    int BitrateKbps = 2000,
    int GopFrames = 30,
    string? FfmpegPath = null)
{
    /// <summary>Lowest accepted bitrate; below this even a static 320x240 picture turns to mush.</summary>
    public const int MinBitrateKbps = 50;

    /// <summary>Highest accepted bitrate (100 Mbit/s, beyond any level the board's encoder supports).</summary>
    public const int MaxBitrateKbps = 100_000;

    /// <summary>Longest accepted GOP; longer ones make a joining client wait too long for a picture.</summary>
    public const int MaxGopFrames = 1000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field that is out of range.</summary>
    /// <returns>This instance, so a constructor can validate and store in one expression.</returns>
    public EncoderSettings Validate()
    {
        ArgumentNullException.ThrowIfNull(Format);
        Format.Validate();
        if (!CodecFormat.IsVideo(Codec))
        {
            throw new ArgumentOutOfRangeException(nameof(Codec), Codec, "Not a video codec; use H264 or H265.");
        }

        if (BitrateKbps is < MinBitrateKbps or > MaxBitrateKbps)
        {
            throw new ArgumentOutOfRangeException(nameof(BitrateKbps), BitrateKbps,
                $"{nameof(BitrateKbps)} must be between {MinBitrateKbps} and {MaxBitrateKbps}.");
        }

        if (GopFrames is < 1 or > MaxGopFrames)
        {
            throw new ArgumentOutOfRangeException(nameof(GopFrames), GopFrames,
                $"{nameof(GopFrames)} must be between 1 and {MaxGopFrames}.");
        }

        return this;
    }
}
