using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H265;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Tests.Codecs.H264;

namespace MediaActors.Protocol.Tests.Codecs.H265;

/// <summary>
/// What is particular to assembling H.265 (<see cref="NalUnitAccessUnitAssembler{TFormat}"/> of
/// <see cref="H265Format"/>): three parameter sets, every IRAP type a keyframe, suffix units,
/// units shorter than the 2-byte header. The rules it shares with H.264 are tested for both in
/// <see cref="NalUnitAccessUnitAssemblerTests"/>.
/// </summary>
public sealed class NalUnitAccessUnitAssemblerH265Tests
{
    private static readonly byte[] Vps = H265Samples.Vps1280x720Main;
    private static readonly byte[] Sps = H265Samples.Sps1280x720Main;
    private static readonly byte[] Pps = H265Samples.Pps1280x720Main;
    private static readonly byte[] PrefixSei = H265Samples.Nal(39, 8);
    private static readonly byte[] SuffixSei = H265Samples.Nal(40, 9, 0xCD);

    private readonly NalUnitAccessUnitAssembler<H265Format> _assembler = new();

    private List<AccessUnit> Push(params byte[][] nalUnits)
    {
        var output = new List<AccessUnit>();
        _assembler.Push(H264Samples.AnnexB(nalUnits), output);
        return output;
    }

    private static void AssertNalUnits(AccessUnit accessUnit, params byte[][] expected)
    {
        Assert.Equal(expected, accessUnit.NalUnits.Select(nal => nal.ToArray()));
    }

    [Fact]
    public void Remembers_and_parses_the_latest_parameter_sets()
    {
        Push(Vps, Sps, Pps);

        Assert.Equal([Vps, Sps, Pps], _assembler.ParameterSets.Select(set => set.ToArray()));
        Assert.Equal((1280, 720), (_assembler.Width, _assembler.Height));
        Assert.True(H265SequenceParameterSet.TryParse(_assembler.ParameterSets[1].Span, out var parsed));
        Assert.Equal(93, parsed!.LevelId);
    }

    [Theory]
    [InlineData(16)] // BLA_W_LP
    [InlineData(18)] // BLA_N_LP
    [InlineData(20)] // IDR_N_LP
    [InlineData(21)] // CRA
    public void Every_irap_type_is_a_keyframe_and_gets_the_parameter_sets(int type)
    {
        var irap = H265Samples.Slice(type, startsPicture: true, length: 50);
        Push(Vps, Sps, Pps, H265Samples.IdrSlice(60));

        var keyframe = Assert.Single(Push(PrefixSei, irap));

        AssertNalUnits(keyframe, Vps, Sps, Pps, PrefixSei, irap);
        Assert.True(keyframe.IsKeyframe);
    }

    [Theory]
    [InlineData(0)] // TRAIL_N
    [InlineData(8)] // RASL_N
    [InlineData(7)] // RADL_R
    public void Other_pictures_are_not_keyframes_and_get_no_parameter_sets(int type)
    {
        Push(Vps, Sps, Pps, H265Samples.IdrSlice());
        var slice = H265Samples.Slice(type, startsPicture: true, length: 40);

        var accessUnit = Assert.Single(Push(slice));

        AssertNalUnits(accessUnit, slice);
        Assert.False(accessUnit.IsKeyframe);
    }

    [Fact]
    public void All_three_parameter_sets_are_injected_when_only_some_precede_the_irap()
    {
        var cra = H265Samples.Slice(21, startsPicture: true, length: 50);
        Push(Vps, Sps, Pps, H265Samples.IdrSlice(60));

        var keyframe = Assert.Single(Push(Pps, cra));

        AssertNalUnits(keyframe, Vps, Sps, Pps, Pps, cra);
    }

    [Fact]
    public void Has_parameter_sets_needs_all_three_and_an_sps_that_names_its_profile()
    {
        Push(Sps, Pps);
        Assert.False(_assembler.HasParameterSets);

        Push(Vps, Sps.AsSpan(0, 17).ToArray(), Pps);
        Assert.False(_assembler.HasParameterSets);
        Assert.Equal(string.Empty, CodecFormat.H265.FormatParameters(_assembler.ParameterSets));

        Push(Sps.AsSpan(0, 20).ToArray()); // names its profile, though too short to parse
        Assert.True(_assembler.HasParameterSets);
        Assert.Null(_assembler.Width);
        Assert.Null(_assembler.Height);
        Assert.Null(_assembler.FramesPerSecond);
        Assert.EndsWith("profile-id=1;tier-flag=0;level-id=93", CodecFormat.H265.FormatParameters(_assembler.ParameterSets));
    }

    [Fact]
    public void Suffix_sei_stays_with_the_picture_before_it()
    {
        var idr = H265Samples.IdrSlice();
        var slice = H265Samples.TrailingSlice();

        var accessUnits = Push(Vps, Sps, Pps, idr, SuffixSei, PrefixSei, slice, SuffixSei);

        Assert.Equal(2, accessUnits.Count);
        AssertNalUnits(accessUnits[0], Vps, Sps, Pps, idr, SuffixSei);
        AssertNalUnits(accessUnits[1], PrefixSei, slice, SuffixSei);
    }

    [Fact]
    public void Suffix_sei_in_a_later_call_continues_the_picture()
    {
        Push(Vps, Sps, Pps, H265Samples.IdrSlice());

        var continued = Assert.Single(Push(SuffixSei));

        AssertNalUnits(continued, SuffixSei);
        Assert.False(continued.StartsNewPicture);
        Assert.False(continued.IsKeyframe);
    }

    [Fact]
    public void Suffix_sei_without_a_picture_to_join_waits_for_the_next_one()
    {
        var idr = H265Samples.IdrSlice();

        Assert.Empty(Push(SuffixSei, Vps, Sps, Pps));
        AssertNalUnits(Assert.Single(Push(idr)), SuffixSei, Vps, Sps, Pps, idr);
    }

    [Fact]
    public void Units_shorter_than_the_header_are_dropped()
    {
        var idr = H265Samples.IdrSlice();

        AssertNalUnits(Assert.Single(Push([0x26], Vps, Sps, Pps, idr)), Vps, Sps, Pps, idr);
    }

    [Fact]
    public void Pending_bytes_are_bounded()
    {
        var assembler = new NalUnitAccessUnitAssembler<H265Format>(maxPendingBytes: 100);
        var output = new List<AccessUnit>();

        assembler.Push(H264Samples.AnnexB(H265Samples.Nal(39, 60), H265Samples.Nal(39, 60, 0x11), H265Samples.IdrSlice()), output);

        AssertNalUnits(Assert.Single(output), H265Samples.Nal(39, 60, 0x11), H265Samples.IdrSlice());
        Assert.Equal(1, assembler.DroppedNalUnits);
    }

    [Fact]
    public void Rejects_bounds_without_room_for_the_parameter_sets()
    {
        Assert.Throws<ArgumentOutOfRangeException>("maxPendingNalUnits", () => new NalUnitAccessUnitAssembler<H265Format>(maxPendingNalUnits: 2));
        Assert.Throws<ArgumentOutOfRangeException>("maxPendingBytes", () => new NalUnitAccessUnitAssembler<H265Format>(maxPendingBytes: 0));
    }
}
