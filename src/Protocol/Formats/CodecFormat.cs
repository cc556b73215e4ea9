using System.Diagnostics.CodeAnalysis;
using MediaActors.Protocol.Sdp;

namespace MediaActors.Protocol.Formats;

/// <summary>
/// The codec-neutral face of one codec: its names, its place in the SDP, its byte on the cluster
/// wire and the file extensions that name it. There is one instance per <see cref="Codec"/>
/// (<see cref="Of"/>), and each codec's rules live in its own file: <see cref="H264Format"/>,
/// <see cref="H265Format"/>, <see cref="AacFormat"/>, <see cref="G711Format"/>.
/// </summary>
public abstract class CodecFormat
{
    private protected CodecFormat()
    {
    }

    /// <summary>H.264 (<see cref="H264Format"/>).</summary>
    public static VideoCodecFormat H264 { get; } = new NalUnitVideoFormat<H264Format>();

    /// <summary>H.265 (<see cref="H265Format"/>).</summary>
    public static VideoCodecFormat H265 { get; } = new NalUnitVideoFormat<H265Format>();

    /// <summary>AAC (<see cref="AacFormat"/>).</summary>
    public static AacFormat Aac { get; } = new();

    /// <summary>G.711 µ-law (<see cref="G711Format"/>).</summary>
    public static G711Format Pcmu { get; } = G711Format.CreateMuLaw();

    /// <summary>G.711 A-law (<see cref="G711Format"/>).</summary>
    public static G711Format Pcma { get; } = G711Format.CreateALaw();

    /// <summary>Every format, video first, in the order of <see cref="Codec"/>.</summary>
    public static IReadOnlyList<CodecFormat> All { get; } = [H264, H265, Aac, Pcmu, Pcma];

    /// <summary>The codec this format describes.</summary>
    public abstract Codec Codec { get; }

    /// <summary>The name people know the codec by, for messages: "H.264", "G.711 µ-law".</summary>
    public abstract string Name { get; }

    /// <summary>The media of the SDP m= line: "video" or "audio".</summary>
    public abstract string MediaType { get; }

    /// <summary>The encoding name of the a=rtpmap attribute: "H264", "MPEG4-GENERIC", "PCMU".</summary>
    public abstract string EncodingName { get; }

    /// <summary>The RTP payload type this server announces: a static one (RFC 3551 6) where the codec has one, else a dynamic one.</summary>
    public abstract byte PayloadType { get; }

    /// <summary>
    /// The codec's byte on the cluster wire. Nodes of different versions exchange it, so a code,
    /// once given, never changes or passes to another codec.
    /// </summary>
    public abstract byte WireCode { get; }

    /// <summary>The extensions (lowercase, with the dot) of raw files in this codec, as ffmpeg names its raw muxers' output.</summary>
    public abstract IReadOnlyList<string> FileExtensions { get; }

    /// <summary>
    /// Reads what an m= section of a server's DESCRIBE answer, whose rtpmap names this codec,
    /// says about its stream: the clock rate, the parameter sets or config the SDP carries, and
    /// whether the stream is packetized in a way the depacketizer handles. Each format knows its
    /// own format parameters; <see cref="ReceivedFormat.TryRead"/> picks the format.
    /// </summary>
    /// <param name="media">The m= section.</param>
    /// <param name="payloadType">Its payload type, already checked to be 0..127.</param>
    /// <param name="rtpMap">Its rtpmap (or the static one of its payload type), whose encoding name is this codec's.</param>
    /// <param name="received">What a client needs to receive the stream.</param>
    /// <param name="unsupportedReason">A sentence naming what is not supported, for the client's error.</param>
    internal abstract bool TryReadReceived(
        SdpMedia media,
        byte payloadType,
        SdpRtpMap rtpMap,
        [NotNullWhen(true)] out ReceivedFormat? received,
        [NotNullWhen(false)] out string? unsupportedReason);

    /// <summary>The format of <paramref name="codec"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="codec"/> is not a defined value.</exception>
    public static CodecFormat Of(Codec codec) => codec switch
    {
        Codec.H264 => H264,
        Codec.H265 => H265,
        Codec.Aac => Aac,
        Codec.Pcmu => Pcmu,
        Codec.Pcma => Pcma,
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Unknown codec."),
    };

    /// <summary>The format of a video codec.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="codec"/> is not a video codec.</exception>
    public static VideoCodecFormat OfVideo(Codec codec) =>
        IsVideo(codec)
            ? (VideoCodecFormat)Of(codec)
            : throw new ArgumentOutOfRangeException(nameof(codec), codec, $"{codec} is not a video codec; use {Codec.H264} or {Codec.H265}.");

    /// <summary>True when <paramref name="codec"/> is a defined video codec.</summary>
    public static bool IsVideo(Codec codec) => Enum.IsDefined(codec) && Of(codec) is VideoCodecFormat;

    /// <summary>True when <paramref name="codec"/> is a defined audio codec.</summary>
    public static bool IsAudio(Codec codec) => Enum.IsDefined(codec) && Of(codec) is AudioCodecFormat;

    /// <summary>The format whose <see cref="WireCode"/> is <paramref name="code"/>; false for a code no codec has.</summary>
    public static bool TryFromWireCode(byte code, [NotNullWhen(true)] out CodecFormat? format)
    {
        foreach (var candidate in All)
        {
            if (candidate.WireCode == code)
            {
                format = candidate;
                return true;
            }
        }

        format = null;
        return false;
    }

    /// <summary>The format whose <see cref="FileExtensions"/> hold the extension of <paramref name="path"/> (in any case); null when none does.</summary>
    public static CodecFormat? FromFileExtension(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        foreach (var format in All)
        {
            if (format.FileExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
            {
                return format;
            }
        }

        return null;
    }

    /// <summary>The <see cref="Name"/>, so a format reads well in messages.</summary>
    public override string ToString() => Name;
}
