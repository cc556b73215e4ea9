using System.Globalization;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Protocol.Codecs.Aac;

/// <summary>The SDP description of AAC carried as RFC 3640 mpeg4-generic in AAC-hbr mode.</summary>
public static class AacSdp
{
    /// <summary>
    /// The a=rtpmap encoding: "MPEG4-GENERIC/&lt;sampling rate&gt;/&lt;channels&gt;". The RTP clock
    /// runs at the sampling rate, as RFC 3640 recommends and every player assumes.
    /// </summary>
    /// <exception cref="ArgumentException">The channel configuration is 0 (channels defined in-band), which an rtpmap cannot state.</exception>
    public static string RtpMap(AudioSpecificConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.ChannelCount == 0)
        {
            throw new ArgumentException("The rtpmap needs a channel count; channel configuration 0 has none.", nameof(config));
        }

        return string.Create(CultureInfo.InvariantCulture, $"MPEG4-GENERIC/{config.SamplingFrequency}/{config.ChannelCount}");
    }

    /// <summary>
    /// The value of the a=fmtp attribute after "a=fmtp:&lt;pt&gt; ", e.g.
    /// "streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1588".
    /// The lengths describe the AU headers <see cref="AacPacketizer"/> writes; profile-level-id 1
    /// is what FFmpeg and GStreamer send for AAC, and players ignore it in favour of config.
    /// </summary>
    public static string FormatParameters(AudioSpecificConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength={AacPayloadFormat.SizeLength};indexlength={AacPayloadFormat.IndexLength};indexdeltalength={AacPayloadFormat.IndexLength};config={config.ToHexString()}");
    }
}
