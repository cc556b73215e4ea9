using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Codecs.Aac;

/// <summary>
/// The header of an ADTS frame (ISO/IEC 14496-3 1.A.2.2 and 13818-7 6.2): a self-delimiting AAC
/// transport that FFmpeg ("-f adts"), hardware encoders and .aac files use. RTP carries the raw
/// access units instead, so a server strips these headers and announces the config in the SDP.
/// </summary>
/// <param name="Profile">The 2-bit profile field: the audio object type minus one (1 = AAC-LC).</param>
/// <param name="SamplingFrequencyIndex">Index into the standard frequency table, 0..12.</param>
/// <param name="ChannelConfiguration">0..7, as in the AudioSpecificConfig.</param>
/// <param name="FrameLength">Length of the whole frame, header and CRC included.</param>
/// <param name="HasCrc">True when a 16-bit CRC follows the fixed 7 bytes (protection_absent = 0).</param>
/// <param name="RawDataBlockCount">AAC frames in this ADTS frame, 1 to 4; almost always 1.</param>
public readonly record struct AdtsHeader(int Profile, int SamplingFrequencyIndex, int ChannelConfiguration, int FrameLength, bool HasCrc, int RawDataBlockCount)
{
    /// <summary>The header without CRC.</summary>
    public const int Size = 7;

    /// <summary>The header followed by its CRC.</summary>
    public const int SizeWithCrc = 9;

    /// <summary>The 13-bit frame length field caps a frame, header included.</summary>
    public const int MaxFrameLength = (1 << 13) - 1;

    /// <summary>protection_absent, the last bit of the second byte: clear when a CRC follows the fixed header.</summary>
    private const byte ProtectionAbsentBit = 0x01;

    /// <summary>The sync word 0xFFF, ID 0 (MPEG-4), layer 00: the first byte and the top of the second.</summary>
    private const byte SyncByte = 0xFF;
    private const byte SyncNibbleMpeg4Layer0 = 0xF0;

    /// <summary>adts_buffer_fullness 0x7FF: a variable bit rate stream, as encoders write it.</summary>
    private const int VariableBitRateFullness = 0x7FF;

    /// <summary>The header length in bytes, CRC included.</summary>
    public int HeaderLength => HasCrc ? SizeWithCrc : Size;

    /// <summary>The raw data block(s) after the header: the access unit RTP carries.</summary>
    public int PayloadLength => FrameLength - HeaderLength;

    /// <summary>The audio object type (profile + 1).</summary>
    public int ObjectType => Profile + 1;

    /// <summary>Samples per second per channel.</summary>
    public int SamplingFrequency => AacSamplingFrequency.FromIndex(SamplingFrequencyIndex);

    /// <summary>Samples per channel the frame encodes: <see cref="AacFormat.SamplesPerAccessUnit"/> for each raw data block.</summary>
    public int SampleCount => RawDataBlockCount * AacFormat.SamplesPerAccessUnit;

    /// <summary>The config to announce in the SDP for frames with this header.</summary>
    public AudioSpecificConfig ToAudioSpecificConfig() => new(ObjectType, SamplingFrequency, ChannelConfiguration);

    /// <summary>
    /// True when ADTS can carry <paramref name="samplingFrequency"/>: the header has room only for
    /// an index into the standard table (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100,
    /// 48000 Hz and the rarer 7350, 64000, 88200, 96000).
    /// </summary>
    public static bool CanCarry(int samplingFrequency) => AacSamplingFrequency.ToIndex(samplingFrequency) != AacSamplingFrequency.ExplicitIndex;

    /// <summary>
    /// The header length, CRC included, that a header starting <paramref name="data"/> announces:
    /// what a reader of a stream must have before <see cref="TryParse"/> can read the header.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="data"/> is shorter than 2 bytes.</exception>
    public static int HeaderLengthOf(ReadOnlySpan<byte> data) => (data[1] & ProtectionAbsentBit) == 0 ? SizeWithCrc : Size;

    /// <summary>
    /// Reads the header at the start of <paramref name="data"/>. False (never throws) when there
    /// is no sync word, the layer is not 0, the frequency index is reserved, the frame length is
    /// shorter than the header, or the data ends inside the header.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out AdtsHeader header)
    {
        header = default;
        // Sync word 0xFFF, then ID (MPEG-4 or MPEG-2, both fine) and layer, which is always 00.
        if (data.Length < Size || data[0] != 0xFF || (data[1] & 0xF6) != 0xF0)
        {
            return false;
        }

        var headerLength = HeaderLengthOf(data);
        var profile = data[2] >> 6;
        var index = (data[2] >> 2) & 0x0F;
        var channelConfiguration = ((data[2] & 0x01) << 2) | (data[3] >> 6);
        var frameLength = ((data[3] & 0x03) << 11) | (data[4] << 3) | (data[5] >> 5);
        var rawDataBlocks = (data[6] & 0x03) + 1;
        if (index >= AacSamplingFrequency.TableLength || frameLength <= headerLength || data.Length < headerLength)
        {
            return false;
        }

        header = new AdtsHeader(profile, index, channelConfiguration, frameLength, headerLength == SizeWithCrc, rawDataBlocks);
        return true;
    }

    /// <summary>
    /// Writes this header, which must be one without CRC, to the first <see cref="Size"/> bytes of
    /// <paramref name="destination"/>: what a reader of ADTS (players, .aac files) needs in front
    /// of each raw access unit received over RTP.
    /// </summary>
    /// <exception cref="InvalidOperationException">A field does not fit its bits, or <see cref="HasCrc"/> is set (the CRC is not computed here).</exception>
    public void WriteTo(Span<byte> destination)
    {
        if (HasCrc || Profile is < 0 or > 3 || SamplingFrequencyIndex is < 0 or >= AacSamplingFrequency.TableLength
            || ChannelConfiguration is < 0 or > 7 || FrameLength is <= Size or > MaxFrameLength || RawDataBlockCount is < 1 or > 4)
        {
            throw new InvalidOperationException($"{this} cannot be written as an ADTS header without CRC.");
        }

        destination[0] = SyncByte;
        destination[1] = SyncNibbleMpeg4Layer0 | ProtectionAbsentBit;
        destination[2] = (byte)((Profile << 6) | (SamplingFrequencyIndex << 2) | (ChannelConfiguration >> 2));
        destination[3] = (byte)(((ChannelConfiguration & 0x03) << 6) | (FrameLength >> 11));
        destination[4] = (byte)(FrameLength >> 3);
        destination[5] = (byte)(((FrameLength & 0x07) << 5) | (VariableBitRateFullness >> 6));
        destination[6] = (byte)(((VariableBitRateFullness & 0x3F) << 2) | (RawDataBlockCount - 1));
    }

    /// <summary>True when frames with <paramref name="other"/> decode with the same config.</summary>
    internal bool HasSameConfig(in AdtsHeader other) =>
        Profile == other.Profile && SamplingFrequencyIndex == other.SamplingFrequencyIndex && ChannelConfiguration == other.ChannelConfiguration;
}
