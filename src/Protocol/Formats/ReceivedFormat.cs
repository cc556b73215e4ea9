using System.Diagnostics.CodeAnalysis;
using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;

namespace MediaActors.Protocol.Formats;

/// <summary>What one m= section of a server's DESCRIBE answer says about its stream, for a client that receives it.</summary>
/// <param name="Format">The codec.</param>
/// <param name="PayloadType">The payload type the server's RTP packets carry.</param>
/// <param name="ClockRate">The RTP clock rate in Hz: 90000 for video, the sampling rate for audio.</param>
/// <param name="ParameterSets">
/// Video: the parameter sets the SDP carries, in decoding order (H.264 SPS, PPS; H.265 VPS, SPS,
/// PPS), NAL headers included; empty when absent or undecodable, as the stream may carry them
/// in-band. Audio: empty.
/// </param>
/// <param name="AacConfig">AAC: the config from the SDP, which the access units need (e.g. for <see cref="AacFormat.ToAdts"/>); null otherwise.</param>
public sealed record ReceivedFormat(
    CodecFormat Format,
    byte PayloadType,
    int ClockRate,
    IReadOnlyList<ReadOnlyMemory<byte>> ParameterSets,
    AudioSpecificConfig? AacConfig)
{
    /// <summary>RTP payload types are 7 bits.</summary>
    private const int MaxPayloadType = 127;

    /// <summary>The codecs a client can receive, for the reason an unknown one is refused: "H.264, H.265, AAC, PCMU, PCMA".</summary>
    private static readonly string SupportedCodecs =
        string.Join(", ", CodecFormat.All.Select(format => format is G711Format ? format.EncodingName : format.Name));

    /// <summary>
    /// Reads an m= section: its codec from the a=rtpmap encoding name (any case) or, without an
    /// rtpmap, from a static payload type (0 PCMU, 8 PCMA); then what that codec's format reads
    /// from the clock rate and a=fmtp. False, with a sentence naming what is not supported, for an
    /// unknown codec or a stream the depacketizers cannot read. Never throws on bad SDP.
    /// </summary>
    public static bool TryRead(SdpMedia media, [NotNullWhen(true)] out ReceivedFormat? format, [NotNullWhen(false)] out string? unsupportedReason)
    {
        ArgumentNullException.ThrowIfNull(media);
        format = null;
        if (media.PayloadType is < 0 or > MaxPayloadType)
        {
            unsupportedReason = $"{media.Media} payload type {media.PayloadType} is not an RTP payload type (0 to {MaxPayloadType}).";
            return false;
        }

        var rtpMapText = media.RtpMap.Length > 0 ? media.RtpMap : G711Format.StaticRtpMap(media.PayloadType);
        if (rtpMapText is null)
        {
            unsupportedReason = $"{media.Media} payload type {media.PayloadType} has no a=rtpmap, so its codec is unknown.";
            return false;
        }

        if (!SdpRtpMap.TryParse(rtpMapText, out var rtpMap))
        {
            unsupportedReason = $"{media.Media} a=rtpmap '{rtpMapText}' is malformed (expected encoding/clock rate[/channels]).";
            return false;
        }

        var codec = CodecFormat.All.FirstOrDefault(candidate => string.Equals(candidate.EncodingName, rtpMap.EncodingName, StringComparison.OrdinalIgnoreCase));
        if (codec is null)
        {
            unsupportedReason = $"{media.Media} '{rtpMapText}' is not a supported codec ({SupportedCodecs}).";
            return false;
        }

        if (!string.Equals(codec.MediaType, media.Media, StringComparison.OrdinalIgnoreCase))
        {
            unsupportedReason = $"{media.Media} '{rtpMapText}' names {codec.MediaType} codec {codec.Name}.";
            return false;
        }

        return codec.TryReadReceived(media, (byte)media.PayloadType, rtpMap, out format, out unsupportedReason);
    }

    /// <summary>A depacketizer for the stream, when it is video.</summary>
    /// <param name="maxAccessUnitBytes">Largest access unit accepted; NAL units that would exceed it are dropped, so memory stays bounded.</param>
    /// <exception cref="InvalidOperationException">The stream is audio.</exception>
    public IRtpDepacketizer CreateVideoDepacketizer(int maxAccessUnitBytes) =>
        Format is VideoCodecFormat video
            ? video.CreateDepacketizer(maxAccessUnitBytes)
            : throw new InvalidOperationException($"{Format} is audio; use {nameof(CreateAudioDepacketizer)}.");

    /// <summary>A depacketizer for the stream, when it is audio.</summary>
    /// <exception cref="InvalidOperationException">The stream is video.</exception>
    public IAudioDepacketizer CreateAudioDepacketizer() =>
        Format is AudioCodecFormat audio
            ? audio.CreateDepacketizer()
            : throw new InvalidOperationException($"{Format} is video; use {nameof(CreateVideoDepacketizer)}.");
}
