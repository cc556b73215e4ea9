using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H264;

namespace MediaActors.Protocol.Tests.Codecs.H264;

/// <summary>
/// What only the H.264 assembler exposes; the rules it shares with the H.265 one are tested for
/// both in <see cref="VideoAccessUnitAssemblerTests"/>.
/// </summary>
public sealed class H264AccessUnitAssemblerTests
{
    private static readonly byte[] Sps = H264Samples.Sps1280x720Main;
    private static readonly byte[] Pps = H264Samples.Pps1280x720Main;

    [Fact]
    public void Remembers_and_parses_the_latest_parameter_sets()
    {
        var assembler = new H264AccessUnitAssembler();

        assembler.Push(H264Samples.AnnexB(Sps, Pps), new List<AccessUnit>());

        Assert.Equal(Sps, assembler.Sps.ToArray());
        Assert.Equal(Pps, assembler.Pps.ToArray());
        Assert.Equal((1280, 720), (assembler.ParsedSps!.Width, assembler.ParsedSps.Height));
        Assert.Equal("4D401F", assembler.ParsedSps.ProfileLevelId);
    }

    [Fact]
    public void Has_parameter_sets_needs_an_sps_that_names_profile_and_level()
    {
        var assembler = new H264AccessUnitAssembler();

        assembler.Push(H264Samples.AnnexB(Sps[..3], Pps), new List<AccessUnit>());

        Assert.False(assembler.HasParameterSets);
        Assert.Equal("packetization-mode=1", assembler.FormatParameters());
    }
}
