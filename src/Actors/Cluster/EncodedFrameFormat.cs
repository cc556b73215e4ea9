using System.Runtime.Serialization;
using MediaActors.Pipeline;
using MediaActors.Protocol.Codecs;

namespace MediaActors.Cluster;

/// <summary>
/// An <see cref="EncodedFrame"/> on the wire (manifest "F"), after the version byte:
/// codec (byte: its format's wire code, 0 H.264, 1 H.265, 2 AAC, 3 PCMU, 4 PCMA), flags (byte: bit 0 keyframe, the others zero), capture time
/// (int64 µs), sequence (int64), pack count (int32), data length (int32), each pack's offset and
/// length (int32 each, within the data), then the data. The data is copied once on writing; the
/// frame read back wraps the received array instead of copying it.
/// </summary>
internal static class EncodedFrameFormat
{
    public const string What = "EncodedFrame (manifest " + FrameFlowSerializer.FrameManifest + ")";

    /// <summary>Bytes in front of the packs: version, codec, flags, capture time, sequence, pack count, data length.</summary>
    public const int HeaderSize = 3 + 2 * sizeof(long) + 2 * sizeof(int);

    public const int PackSize = 2 * sizeof(int);

    private const byte KeyframeFlag = 1;

    /// <summary>Bytes a frame with <paramref name="packs"/> packs and <paramref name="dataLength"/> bytes of data takes.</summary>
    public static long SizeOf(int packs, int dataLength) => HeaderSize + (long)PackSize * packs + dataLength;

    public static byte[] Write(EncodedFrame frame)
    {
        if (!Enum.IsDefined(frame.Codec))
        {
            throw Unwritable($"codec {frame.Codec} is not one this node knows");
        }

        var data = frame.Data.Span;
        var packs = frame.Packs;
        var size = SizeOf(packs.Count, data.Length);
        if (size > Array.MaxLength)
        {
            throw Unwritable($"its {data.Length} bytes and {packs.Count} packs do not fit into one message");
        }

        var writer = new WireWriter((int)size, FrameFlowSerializer.FormatVersion);
        writer.WriteByte(WireWriter.CodecCode(frame.Codec));
        writer.WriteByte(frame.IsKeyframe ? KeyframeFlag : (byte)0);
        writer.WriteInt64(frame.CaptureTimeMicros);
        writer.WriteInt64(frame.Sequence);
        writer.WriteInt32(packs.Count);
        writer.WriteInt32(data.Length);
        for (var i = 0; i < packs.Count; i++)
        {
            var pack = packs[i];
            if (!Within(pack, data.Length))
            {
                throw Unwritable($"pack {i} (offset {pack.Offset}, length {pack.Length}) lies outside its {data.Length} bytes of data");
            }

            writer.WriteInt32(pack.Offset);
            writer.WriteInt32(pack.Length);
        }
        writer.WriteBytes(data);
        return writer.ToArray();
    }

    public static EncodedFrame Read(byte[] bytes)
    {
        var reader = new WireReader(bytes, What);
        reader.ReadVersion(FrameFlowSerializer.FormatVersion);
        var codec = reader.ReadCodec("the codec");
        var flags = reader.ReadByte("the flags");
        if ((flags & ~KeyframeFlag) != 0)
        {
            throw reader.Invalid($"flags 0x{flags:X2} set bits this version does not define");
        }

        var captureTime = reader.ReadInt64("the capture time");
        var sequence = reader.ReadInt64("the sequence number");
        var packCount = reader.ReadCount("the pack count", PackSize);
        var dataLength = reader.ReadNonNegativeInt32("the data length");
        var packs = packCount == 0 ? [] : new NalUnitRange[packCount];
        for (var i = 0; i < packs.Length; i++)
        {
            // Constant field names: nothing is formatted per pack unless the input is bad.
            var pack = new NalUnitRange(reader.ReadInt32("a pack's offset"), reader.ReadInt32("a pack's length"));
            if (!Within(pack, dataLength))
            {
                throw reader.Invalid($"pack {i} (offset {pack.Offset}, length {pack.Length}) lies outside the {dataLength} bytes of data");
            }

            packs[i] = pack;
        }
        if (reader.Remaining != dataLength)
        {
            throw reader.Invalid($"the data length is {dataLength} but {reader.Remaining} bytes follow");
        }

        return new EncodedFrame(codec, new ReadOnlyMemory<byte>(bytes, reader.Position, dataLength), packs,
            (flags & KeyframeFlag) != 0, captureTime, sequence);
    }

    private static bool Within(NalUnitRange pack, int dataLength) =>
        pack.Offset >= 0 && pack.Length >= 0 && (long)pack.Offset + pack.Length <= dataLength;

    private static SerializationException Unwritable(string problem) => new($"Cannot write an EncodedFrame: {problem}.");
}
