using System.Diagnostics.CodeAnalysis;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;

namespace MediaActors.Protocol.Formats;

/// <summary>
/// G.711 (ITU-T G.711) as this product carries it: 8000 one-byte samples a second, mono, the
/// encoded bytes as the RTP payload (RFC 3551 4.5.14). Both companding laws have static payload
/// types (RFC 3551 6), so the rtpmap is informative and there is no fmtp. One instance per law:
/// <see cref="CodecFormat.Pcmu"/> and <see cref="CodecFormat.Pcma"/>.
/// </summary>
public sealed class G711Format : AudioCodecFormat
{
    /// <summary>G.711 is sampled at 8 kHz, one byte per sample, so the RTP clock counts bytes.</summary>
    public const int ClockRate = 8000;

    private G711Format(Codec codec, string name, string encodingName, byte payloadType, byte wireCode, IReadOnlyList<string> fileExtensions)
    {
        Codec = codec;
        Name = name;
        EncodingName = encodingName;
        PayloadType = payloadType;
        WireCode = wireCode;
        FileExtensions = fileExtensions;
    }

    /// <inheritdoc/>
    public override Codec Codec { get; }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override string EncodingName { get; }

    /// <summary>The static payload type of RFC 3551 table 4.</summary>
    public override byte PayloadType { get; }

    /// <inheritdoc/>
    public override byte WireCode { get; }

    /// <summary>Headerless files of the law's bytes, as ffmpeg's raw mulaw and alaw muxers name them.</summary>
    public override IReadOnlyList<string> FileExtensions { get; }

    /// <summary>
    /// The a=rtpmap encoding, "PCMU/8000" or "PCMA/8000". The channel count is left out because
    /// one channel is the default (RFC 4566 6), as live555 and the K230 server write it.
    /// </summary>
    public string RtpMap => $"{EncodingName}/{ClockRate}";

    /// <summary>
    /// The rtpmap that a static payload type (RFC 3551 table 4) stands for when a server writes
    /// none, as older servers do for "m=audio 0 RTP/AVP 0"; null for any other payload type.
    /// </summary>
    public static string? StaticRtpMap(int payloadType) =>
        payloadType == Pcmu.PayloadType ? Pcmu.RtpMap
        : payloadType == Pcma.PayloadType ? Pcma.RtpMap
        : null;

    /// <inheritdoc/>
    public override IAudioDepacketizer CreateDepacketizer() => new G711Depacketizer();

    /// <summary>G.711 is 8 kHz mono; other clock rates or channel counts are other formats under the same name.</summary>
    internal override bool TryReadReceived(
        SdpMedia media,
        byte payloadType,
        SdpRtpMap rtpMap,
        [NotNullWhen(true)] out ReceivedFormat? received,
        [NotNullWhen(false)] out string? unsupportedReason)
    {
        received = null;
        if (rtpMap.ClockRate != ClockRate)
        {
            unsupportedReason = $"{EncodingName} at clock rate {rtpMap.ClockRate} is not supported (only {ClockRate}).";
            return false;
        }

        if (rtpMap.Channels is { } channels and not 1)
        {
            unsupportedReason = $"{EncodingName} with {channels} channels is not supported (only mono).";
            return false;
        }

        unsupportedReason = null;
        received = new ReceivedFormat(this, payloadType, ClockRate, [], AacConfig: null);
        return true;
    }

    /// <summary>µ-law (North America, Japan): PCMU, payload type 0; what the K230 server sends.</summary>
    internal static G711Format CreateMuLaw() => new(Codec.Pcmu, "G.711 µ-law", "PCMU", payloadType: 0, wireCode: 3, [".ul", ".ulaw"]);

    /// <summary>A-law (Europe, most of the world): PCMA, payload type 8.</summary>
    internal static G711Format CreateALaw() => new(Codec.Pcma, "G.711 A-law", "PCMA", payloadType: 8, wireCode: 4, [".al", ".alaw"]);
}
