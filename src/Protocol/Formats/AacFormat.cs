using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Mp4;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;

namespace MediaActors.Protocol.Formats;

/// <summary>
/// AAC as this product carries it: ADTS frames from encoders and .aac files, RTP per RFC 3640
/// mpeg4-generic in AAC-hbr mode (sizelength=13, indexlength=3, indexdeltalength=3), the config
/// in the SDP. The RTP clock runs at the sampling rate, which the first ADTS header tells, so the
/// SDP depends on an <see cref="AudioSpecificConfig"/>. Every access unit is a random access
/// point: a decoder that has the config can start at any of them.
/// </summary>
public sealed class AacFormat : AudioCodecFormat
{
    /// <summary>An AAC frame holds 1024 samples per channel (960 in a rarely used variant, which is not produced here).</summary>
    public const int SamplesPerAccessUnit = 1024;

    /// <summary>The largest AU the 13-bit size field can state (AAC frames are at most 768 bytes per channel).</summary>
    public const int MaxAccessUnitSize = (1 << SizeLength) - 1;

    /// <summary>The AU-headers-length field: the total size of the AU headers, in bits.</summary>
    internal const int AuHeadersLengthSize = 2;

    /// <summary>Each AU header is 13 bits of size and 3 of index (first) or index-delta (the rest): 16 bits.</summary>
    internal const int AuHeaderSize = 2;

    internal const int SizeLength = 13;
    internal const int IndexLength = 3;
    internal const int IndexMask = (1 << IndexLength) - 1;

    /// <summary>AU-headers-length counts bits in 16 bits, so at most 4095 16-bit AU headers fit one packet.</summary>
    internal const int MaxAuHeadersPerPacket = ushort.MaxValue / (AuHeaderSize * 8);

    /// <summary>What <see cref="AacDepacketizer"/> reads, for the reason a server's SDP is refused.</summary>
    private const string SupportedMode = "only AAC-hbr, sizelength=13, indexlength=3";

    /// <summary>RFC 3640 3.3.6: the mode, whose AU headers are 13 bits of size and 3 of index or index-delta.</summary>
    private const string HighBitRateMode = "AAC-hbr";

    /// <summary>RFC 3640 4.1 parameters that would add fields to the AU headers or the packet, which AAC-hbr leaves out.</summary>
    private static readonly string[] ExtraHeaderFields =
        ["ctsdeltalength", "dtsdeltalength", "randomaccessindication", "streamstateindication", "auxiliarydatasizelength"];

    /// <summary>AAC has no static payload type; 97 keeps it apart from the video's 96.</summary>
    private const byte DynamicPayloadType = 97;

    /// <summary>Use <see cref="CodecFormat.Aac"/>.</summary>
    internal AacFormat()
    {
    }

    /// <inheritdoc/>
    public override Codec Codec => Codec.Aac;

    /// <inheritdoc/>
    public override string Name => "AAC";

    /// <summary>RFC 3640's encoding name; its mode is told in the format parameters.</summary>
    public override string EncodingName => "MPEG4-GENERIC";

    /// <inheritdoc/>
    public override byte PayloadType => DynamicPayloadType;

    /// <summary>2: never carried on the cluster wire yet, reserved for AAC.</summary>
    public override byte WireCode => 2;

    /// <summary>ADTS files, as ffmpeg's adts muxer names them.</summary>
    public override IReadOnlyList<string> FileExtensions { get; } = [".aac"];

    /// <summary>RFC 3640 recommends, and every player assumes, an RTP clock at the sampling rate.</summary>
    public int ClockRate(AudioSpecificConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.SamplingFrequency;
    }

    /// <summary>The a=rtpmap encoding: "MPEG4-GENERIC/&lt;sampling rate&gt;/&lt;channels&gt;".</summary>
    /// <exception cref="ArgumentException">The channel configuration is 0 (channels defined in-band), which an rtpmap cannot state.</exception>
    public string RtpMap(AudioSpecificConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.ChannelCount == 0)
        {
            throw new ArgumentException("The rtpmap needs a channel count; channel configuration 0 has none.", nameof(config));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{EncodingName}/{ClockRate(config)}/{config.ChannelCount}");
    }

    /// <summary>
    /// The value of the a=fmtp attribute after "a=fmtp:&lt;pt&gt; ", e.g.
    /// "streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1588".
    /// The lengths describe the AU headers <see cref="AacPacketizer"/> writes; profile-level-id 1
    /// is what FFmpeg and GStreamer send for AAC, and players ignore it in favour of config.
    /// </summary>
    public string FormatParameters(AudioSpecificConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength={SizeLength};indexlength={IndexLength};indexdeltalength={IndexLength};config={config.ToHexString()}");
    }

    /// <summary>
    /// What an MP4 init segment says of an AAC track (<see cref="Mp4InitSegment"/>): the mp4a
    /// sample entry, whose esds carries <paramref name="config"/>, the RFC 6381 codecs string
    /// "mp4a.40.&lt;audio object type&gt;" ("mp4a.40.2" for AAC-LC), the sampling rate (the track's
    /// timescale, so an access unit lasts <see cref="SamplesPerAccessUnit"/> ticks) and channels.
    /// The samples are raw access units, as ADTS frames without their headers (<see cref="AdtsSplitter"/>).
    /// </summary>
    public Mp4SampleEntry Mp4SampleEntry(AudioSpecificConfig config) => AacMp4SampleEntry.Create(config);

    /// <summary>
    /// One ADTS frame (a 7-byte header without CRC, then <paramref name="accessUnit"/>): how a
    /// client that received raw access units over RTP hands them to players, files and decoders
    /// that expect the self-delimiting form the encoders produce.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// ADTS cannot carry the config (a sampling frequency outside the standard table) or the
    /// access unit (empty, or too long for the 13-bit frame length).
    /// </exception>
    public static byte[] ToAdts(AudioSpecificConfig config, ReadOnlySpan<byte> accessUnit)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!AdtsHeader.CanCarry(config.SamplingFrequency))
        {
            throw new ArgumentException($"ADTS cannot state the sampling frequency {config.SamplingFrequency} Hz.", nameof(config));
        }

        var frameLength = AdtsHeader.Size + accessUnit.Length;
        if (accessUnit.IsEmpty || frameLength > AdtsHeader.MaxFrameLength)
        {
            throw new ArgumentException($"An ADTS frame carries 1 to {AdtsHeader.MaxFrameLength - AdtsHeader.Size} bytes, not {accessUnit.Length}.", nameof(accessUnit));
        }

        var frame = new byte[frameLength];
        var header = new AdtsHeader(config.ObjectType - 1, config.SamplingFrequencyIndex, config.ChannelConfiguration, frameLength, HasCrc: false, RawDataBlockCount: 1);
        header.WriteTo(frame);
        accessUnit.CopyTo(frame.AsSpan(AdtsHeader.Size));
        return frame;
    }

    /// <inheritdoc/>
    public override IAudioDepacketizer CreateDepacketizer() => new AacDepacketizer();

    /// <summary>
    /// RFC 3640 AAC-hbr as <see cref="AacDepacketizer"/> reads it, with a config this product
    /// models, and the RTP clock at its sampling rate (the frame timestamps step 1024 ticks).
    /// Sizes the mode fixes may be left out; written, they must be the mode's.
    /// </summary>
    internal override bool TryReadReceived(
        SdpMedia media,
        byte payloadType,
        SdpRtpMap rtpMap,
        [NotNullWhen(true)] out ReceivedFormat? received,
        [NotNullWhen(false)] out string? unsupportedReason)
    {
        ArgumentNullException.ThrowIfNull(media);
        received = null;
        var parameters = SdpFormatParameters.Parse(media.FormatParameters);
        unsupportedReason = UnsupportedPacketization(parameters);
        if (unsupportedReason is not null)
        {
            return false;
        }

        var hex = parameters["config"];
        if (string.IsNullOrEmpty(hex))
        {
            unsupportedReason = "AAC without a config is not supported (the decoder needs the AudioSpecificConfig from the SDP).";
            return false;
        }

        if (!TryParseConfig(hex, out var config))
        {
            unsupportedReason = $"AAC config '{hex}' is not supported (only AAC Main, LC, SSR or LTP with 1024-sample frames).";
            return false;
        }

        if (rtpMap.ClockRate != config.SamplingFrequency)
        {
            unsupportedReason = $"AAC at clock rate {rtpMap.ClockRate} is not supported for a {config.SamplingFrequency} Hz config (the RTP clock must run at the sampling rate).";
            return false;
        }

        received = new ReceivedFormat(this, payloadType, rtpMap.ClockRate, [], config);
        return true;
    }

    /// <summary>Null when the AU headers are the ones <see cref="AacDepacketizer"/> reads; else why not.</summary>
    private static string? UnsupportedPacketization(SdpFormatParameters parameters)
    {
        var mode = parameters["mode"];
        if (!string.Equals(mode, HighBitRateMode, StringComparison.OrdinalIgnoreCase))
        {
            return mode is null
                ? $"AAC without a mode is not supported ({SupportedMode})."
                : $"AAC mode '{mode}' is not supported ({SupportedMode}).";
        }

        (string Name, int Value)[] fixedSizes = [("sizelength", SizeLength), ("indexlength", IndexLength), ("indexdeltalength", IndexLength)];
        foreach (var (name, value) in fixedSizes)
        {
            if (!parameters.IsAbsentOr(name, value))
            {
                return $"AAC {name}={parameters[name]} is not supported ({SupportedMode}).";
            }
        }

        foreach (var name in ExtraHeaderFields)
        {
            if (!parameters.IsAbsentOr(name, 0))
            {
                return $"AAC {name}={parameters[name]} is not supported ({SupportedMode}, and no further AU header fields).";
            }
        }

        return null;
    }

    private static bool TryParseConfig(string hex, [NotNullWhen(true)] out AudioSpecificConfig? config)
    {
        config = null;
        var bytes = new byte[(hex.Length + 1) / 2];
        return hex.Length % 2 == 0
            && Convert.FromHexString(hex, bytes, out _, out var written) == System.Buffers.OperationStatus.Done
            && AudioSpecificConfig.TryParse(bytes.AsSpan(0, written), out config);
    }
}
