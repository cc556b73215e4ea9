using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H264;
using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Tests.Codecs.H264;

/// <summary>
/// What is particular to assembling H.264 (<see cref="NalUnitAccessUnitAssembler{TFormat}"/> of
/// <see cref="H264Format"/>); the rules it shares with H.265 are tested for both in
/// <see cref="NalUnitAccessUnitAssemblerTests"/>.
/// </summary>
public sealed class NalUnitAccessUnitAssemblerH264Tests
{
    private static readonly byte[] Sps = H264Samples.Sps1280x720Main;
    private static readonly byte[] Pps = H264Samples.Pps1280x720Main;

    [Fact]
    public void Remembers_and_parses_the_latest_parameter_sets()
    {
        var assembler = new NalUnitAccessUnitAssembler<H264Format>();

        assembler.Push(H264Samples.AnnexB(Sps, Pps), new List<AccessUnit>());

        Assert.Equal([Sps, Pps], assembler.ParameterSets.Select(set => set.ToArray()));
        Assert.Equal((1280, 720), (assembler.Width, assembler.Height));
        Assert.True(H264SequenceParameterSet.TryParse(assembler.ParameterSets[0].Span, out var parsed));
        Assert.Equal("4D401F", parsed!.ProfileLevelId);
    }

    [Fact]
    public void Has_parameter_sets_needs_an_sps_that_names_profile_and_level()
    {
        var assembler = new NalUnitAccessUnitAssembler<H264Format>();

        assembler.Push(H264Samples.AnnexB(Sps[..3], Pps), new List<AccessUnit>());

        Assert.False(assembler.HasParameterSets);
        Assert.Equal("packetization-mode=1", CodecFormat.H264.FormatParameters(assembler.ParameterSets));
    }
}
