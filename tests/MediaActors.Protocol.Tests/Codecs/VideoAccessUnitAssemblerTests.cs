using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H264;
using MediaActors.Protocol.Codecs.H265;
using MediaActors.Protocol.Tests.Codecs.H264;
using MediaActors.Protocol.Tests.Codecs.H265;

namespace MediaActors.Protocol.Tests.Codecs;

/// <summary>The codec-neutral contract of <see cref="IVideoAccessUnitAssembler"/>, for each codec.</summary>
public sealed class VideoAccessUnitAssemblerTests
{
    public static TheoryData<string> Codecs => ["H264", "H265"];

    /// <summary>An assembler, the parameter sets its keyframes need, and an IRAP/IDR slice.</summary>
    private static (IVideoAccessUnitAssembler Assembler, byte[][] ParameterSets, byte[] Keyframe) Create(string codec) => codec switch
    {
        "H264" => (new H264AccessUnitAssembler(), [H264Samples.Sps1280x720Main, H264Samples.Pps1280x720Main], H264Samples.IdrSlice()),
        _ => (new H265AccessUnitAssembler(), [H265Samples.Vps1280x720Main, H265Samples.Sps1280x720Main, H265Samples.Pps1280x720Main], H265Samples.IdrSlice()),
    };

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Names_its_encoding(string codec)
    {
        Assert.Equal(codec, Create(codec).Assembler.EncodingName);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Knows_nothing_before_the_parameter_sets(string codec)
    {
        var (assembler, _, keyframe) = Create(codec);
        var output = new List<AccessUnit>();

        assembler.Push(H264Samples.AnnexB(keyframe), output);

        Assert.Single(output);
        Assert.False(assembler.HasParameterSets);
        Assert.Null(assembler.Width);
        Assert.Null(assembler.Height);
        Assert.Equal(codec == "H264" ? "packetization-mode=1" : string.Empty, assembler.FormatParameters());
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Describes_the_stream_once_the_parameter_sets_arrived(string codec)
    {
        var (assembler, parameterSets, keyframe) = Create(codec);
        var output = new List<AccessUnit>();

        assembler.Push(H264Samples.AnnexB(parameterSets), output);
        assembler.Push(H264Samples.AnnexB(keyframe), output);

        var accessUnit = Assert.Single(output);
        Assert.True(accessUnit.IsKeyframe);
        Assert.Equal([.. parameterSets, keyframe], accessUnit.NalUnits.Select(nal => nal.ToArray()));
        Assert.True(assembler.HasParameterSets);
        Assert.Equal((1280, 720), (assembler.Width, assembler.Height));
        string expected = codec == "H264"
            ? H264Sdp.FormatParameters(96, parameterSets[0], parameterSets[1])
            : H265Sdp.FormatParameters(parameterSets[0], parameterSets[1], parameterSets[2]);
        Assert.Equal(expected, assembler.FormatParameters());
    }
}
