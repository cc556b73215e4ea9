using MediaActors.Protocol.Rtp;

namespace MediaActors.Protocol.Formats;

/// <summary>
/// An audio codec as sessions and clients use it, whichever codec it is (<see cref="AacFormat"/>,
/// <see cref="G711Format"/>): audio has no access units or keyframes, so what the codecs share is
/// little more than their media type and a depacketizer for a received stream.
/// </summary>
public abstract class AudioCodecFormat : CodecFormat
{
    private protected AudioCodecFormat()
    {
    }

    /// <inheritdoc/>
    public override string MediaType => "audio";

    /// <summary>A depacketizer for one received stream of the codec.</summary>
    public abstract IAudioDepacketizer CreateDepacketizer();
}
