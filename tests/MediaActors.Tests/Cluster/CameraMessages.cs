using MediaActors.Hardware;
using MediaActors.Pipeline;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;

namespace MediaActors.Tests.Cluster;

/// <summary>Frames made for the wire tests, and the comparison of a frame with its copy from another node.</summary>
public static class CameraMessages
{
    /// <summary>A frame of <paramref name="dataLength"/> pseudo-random bytes cut into <paramref name="packCount"/> contiguous packs.</summary>
    public static EncodedFrame Frame(int dataLength, int packCount, Codec codec = Codec.H264, bool keyframe = true,
        long captureTime = 1_234_567, long sequence = 42)
    {
        var data = new byte[dataLength];
        new Random(dataLength ^ packCount).NextBytes(data);
        var packs = new NalUnitRange[packCount];
        for (var i = 0; i < packCount; i++)
        {
            var start = (int)((long)dataLength * i / packCount);
            var end = (int)((long)dataLength * (i + 1) / packCount);
            packs[i] = new NalUnitRange(start, end - start);
        }
        return new EncodedFrame(codec, data, packs, keyframe, captureTime, sequence);
    }

    /// <summary>A real access unit with its packs as the encoder actor cuts them.</summary>
    public static EncodedFrame FromAccessUnit(byte[] accessUnit, Codec codec, bool keyframe, long sequence)
    {
        var nalUnits = new List<NalUnitRange>();
        AnnexB.Split(accessUnit, nalUnits);
        return new EncodedFrame(codec, accessUnit, AnnexB.PacksOf(nalUnits, accessUnit.Length), keyframe, sequence * 33_333, sequence);
    }

    /// <summary>Field by field: a record's equality compares <see cref="EncodedFrame.Data"/> and the packs by reference.</summary>
    public static void AssertSameFrame(EncodedFrame expected, EncodedFrame actual)
    {
        Assert.Equal(
            (expected.Codec, expected.IsKeyframe, expected.CaptureTimeMicros, expected.Sequence, expected.Data.Length),
            (actual.Codec, actual.IsKeyframe, actual.CaptureTimeMicros, actual.Sequence, actual.Data.Length));
        Assert.Equal(expected.Packs, actual.Packs);
        Assert.True(expected.Data.Span.SequenceEqual(actual.Data.Span), $"the data of frame {expected.Sequence} differs");
    }
}
