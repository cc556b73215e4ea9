using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Mp4;

namespace MediaActors.Protocol.Formats;

/// <summary>
/// AAC in MP4 (ISO/IEC 14496-14 5.6): an mp4a sample entry whose esds holds an ES_Descriptor
/// (ISO/IEC 14496-1 7.2.6.5) naming MPEG-4 Audio and carrying the AudioSpecificConfig, and the
/// RFC 6381 codecs string "mp4a.40.&lt;audio object type&gt;".
/// </summary>
internal static class AacMp4SampleEntry
{
    private const byte EsDescriptorTag = 0x03;
    private const byte DecoderConfigDescriptorTag = 0x04;
    private const byte DecoderSpecificInfoTag = 0x05;
    private const byte SlConfigDescriptorTag = 0x06;

    /// <summary>objectTypeIndication 0x40: MPEG-4 Audio (ISO/IEC 14496-3), whose config is the AudioSpecificConfig.</summary>
    private const byte Mpeg4Audio = 0x40;

    /// <summary>streamType 5 (audio) in the top 6 bits, upStream 0, and the reserved bit 1.</summary>
    private const byte AudioStreamType = (0x05 << 2) | 0x01;

    /// <summary>SLConfigDescriptor predefined 2: the one 14496-14 3.1.2 prescribes for MP4 files.</summary>
    private const byte Mp4SyncLayer = 2;

    /// <summary>The sample entry of an AAC stream with <paramref name="config"/>.</summary>
    public static Mp4SampleEntry Create(AudioSpecificConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var audioSpecificConfig = config.ToBytes();
        var box = Mp4BoxWriter.ToArray((ref Mp4BoxWriter writer) =>
        {
            var mp4a = writer.BeginBox("mp4a"u8);
            Mp4SampleEntryFields.WriteAudio(ref writer, config.ChannelCount, config.SamplingFrequency);
            WriteEsds(ref writer, audioSpecificConfig);
            writer.EndBox(mp4a);
        });
        return new Mp4SampleEntry(
            Mp4TrackKind.Audio, $"mp4a.40.{config.ObjectType}", box, Width: 0, Height: 0, config.SamplingFrequency, config.ChannelCount);
    }

    private static void WriteEsds(ref Mp4BoxWriter writer, ReadOnlySpan<byte> audioSpecificConfig)
    {
        var esds = writer.BeginFullBox("esds"u8, 0, 0);
        var es = writer.BeginDescriptor(EsDescriptorTag);
        writer.WriteUInt16(0); // ES_ID: 0 in a file (14496-14 3.1.2)
        writer.WriteUInt8(0); // no stream dependence, URL or OCR stream; priority 0

        var decoderConfig = writer.BeginDescriptor(DecoderConfigDescriptorTag);
        writer.WriteUInt8(Mpeg4Audio);
        writer.WriteUInt8(AudioStreamType);
        writer.WriteZeros(3); // bufferSizeDB: unknown
        writer.WriteUInt32(0); // maxBitrate: unknown
        writer.WriteUInt32(0); // avgBitrate: 0, variable
        var decoderSpecificInfo = writer.BeginDescriptor(DecoderSpecificInfoTag);
        writer.WriteBytes(audioSpecificConfig);
        writer.EndDescriptor(decoderSpecificInfo);
        writer.EndDescriptor(decoderConfig);

        var syncLayer = writer.BeginDescriptor(SlConfigDescriptorTag);
        writer.WriteUInt8(Mp4SyncLayer);
        writer.EndDescriptor(syncLayer);
        writer.EndDescriptor(es);
        writer.EndBox(esds);
    }
}
