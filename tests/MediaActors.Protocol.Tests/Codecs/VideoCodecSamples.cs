using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Tests.Codecs.H264;
using MediaActors.Protocol.Tests.Codecs.H265;

namespace MediaActors.Protocol.Tests.Codecs;

/// <summary>
/// What codec-neutral tests need of one codec: its assembler, real parameter sets, and NAL units
/// of each role, so one test can state a rule once and run it for H.264 and H.265.
/// </summary>
/// <param name="Name">The encoding name, "H264" or "H265".</param>
/// <param name="Format">The codec's format.</param>
/// <param name="CreateBoundedAssembler">Creates an assembler with the given pending bounds (units, bytes).</param>
/// <param name="ParameterSets">The parameter sets of a 1280x720 stream, in order.</param>
/// <param name="ParameterSets1080">The parameter sets of a 1920x1080 stream, in order.</param>
/// <param name="Keyframe">A slice starting an IDR/IRAP picture, of the given length.</param>
/// <param name="Slice">A non-keyframe slice, starting a picture or not, of the given length.</param>
/// <param name="KeyframeContinuation">A further slice of an IDR/IRAP picture, of the given length.</param>
/// <param name="Sei">A (prefix) SEI unit.</param>
/// <param name="Aud">An access unit delimiter.</param>
/// <param name="DroppedUnits">Filler data and end-of-sequence/stream units, which must not reach RTP.</param>
internal sealed record VideoCodecSamples(
    string Name,
    VideoCodecFormat Format,
    Func<int, int, IVideoAccessUnitAssembler> CreateBoundedAssembler,
    byte[][] ParameterSets,
    byte[][] ParameterSets1080,
    Func<int, byte[]> Keyframe,
    Func<bool, int, byte[]> Slice,
    Func<int, byte[]> KeyframeContinuation,
    byte[] Sei,
    byte[] Aud,
    byte[][] DroppedUnits)
{
    public static TheoryData<string> Names => ["H264", "H265"];

    public static VideoCodecSamples For(string name) => name == "H264" ? H264 : H265;

    private static readonly VideoCodecSamples H264 = new(
        "H264",
        CodecFormat.H264,
        (units, bytes) => new NalUnitAccessUnitAssembler<H264Format>(units, bytes),
        [H264Samples.Sps1280x720Main, H264Samples.Pps1280x720Main],
        [H264Samples.Sps1920x1080High, H264Samples.Pps1280x720Main],
        length => H264Samples.IdrSlice(length),
        (startsPicture, length) => H264Samples.NonIdrSlice(startsPicture, length),
        length => ContinuationOf(H264Samples.IdrSlice(length)),
        H264Samples.Nal(0x06, 8),
        [0x09, 0xF0],
        [H264Samples.Nal(0x0C, 10, 0xFF), [0x0A], [0x0B]]);

    private static readonly VideoCodecSamples H265 = new(
        "H265",
        CodecFormat.H265,
        (units, bytes) => new NalUnitAccessUnitAssembler<H265Format>(units, bytes),
        [H265Samples.Vps1280x720Main, H265Samples.Sps1280x720Main, H265Samples.Pps1280x720Main],
        [H265Samples.Vps1280x720Main, H265Samples.Sps1920x1080Main, H265Samples.Pps1280x720Main],
        length => H265Samples.IdrSlice(length),
        (startsPicture, length) => H265Samples.TrailingSlice(startsPicture, length),
        length => H265Samples.Slice(19, startsPicture: false, length),
        H265Samples.Nal(39, 8),
        [0x46, 0x01, 0x50],
        [H265Samples.Nal(38, 10, 0xFF), [0x48, 0x01], [0x4A, 0x01]]);

    /// <summary>An assembler with the default bounds, as the format makes it.</summary>
    public IVideoAccessUnitAssembler CreateAssembler() => Format.CreateAssembler();

    /// <summary>Clears first_mb_in_slice's leading 1 bit: the slice no longer starts its picture.</summary>
    private static byte[] ContinuationOf(byte[] slice)
    {
        slice[1] = 0x40;
        return slice;
    }
}
