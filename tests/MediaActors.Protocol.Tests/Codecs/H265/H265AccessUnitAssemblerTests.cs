using System.Runtime.InteropServices;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H265;
using MediaActors.Protocol.Tests.Codecs.H264;

namespace MediaActors.Protocol.Tests.Codecs.H265;

public sealed class H265AccessUnitAssemblerTests
{
    private static readonly byte[] Vps = H265Samples.Vps1280x720Main;
    private static readonly byte[] Sps = H265Samples.Sps1280x720Main;
    private static readonly byte[] Pps = H265Samples.Pps1280x720Main;
    private static readonly byte[] PrefixSei = H265Samples.Nal(39, 8);
    private static readonly byte[] SuffixSei = H265Samples.Nal(40, 9, 0xCD);
    private static readonly byte[] Aud = [0x46, 0x01, 0x50];

    private readonly H265AccessUnitAssembler _assembler = new();

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
    public void One_nal_unit_per_call()
    {
        var idr = H265Samples.IdrSlice();
        var slice = H265Samples.TrailingSlice();

        Assert.Empty(Push(Vps));
        Assert.Empty(Push(Sps));
        Assert.Empty(Push(Pps));
        var keyframe = Assert.Single(Push(idr));
        var next = Assert.Single(Push(slice));

        AssertNalUnits(keyframe, Vps, Sps, Pps, idr);
        Assert.True(keyframe.IsKeyframe);
        Assert.True(keyframe.StartsNewPicture);
        AssertNalUnits(next, slice);
        Assert.False(next.IsKeyframe);
    }

    [Fact]
    public void Whole_access_unit_per_call_with_aud_stripped()
    {
        var idr = H265Samples.IdrSlice();

        var accessUnit = Assert.Single(Push(Aud, Vps, Sps, Pps, PrefixSei, idr));

        AssertNalUnits(accessUnit, Vps, Sps, Pps, PrefixSei, idr);
    }

    [Fact]
    public void Several_pictures_in_one_call_become_separate_access_units()
    {
        var idr = H265Samples.IdrSlice();
        var first = H265Samples.TrailingSlice(length: 30);
        var second = H265Samples.TrailingSlice(length: 31);

        var accessUnits = Push(Vps, Sps, Pps, idr, Aud, first, Aud, second);

        Assert.Equal(3, accessUnits.Count);
        AssertNalUnits(accessUnits[0], Vps, Sps, Pps, idr);
        AssertNalUnits(accessUnits[1], first);
        AssertNalUnits(accessUnits[2], second);
    }

    [Fact]
    public void Parameter_sets_only_call_followed_by_irap_call()
    {
        var cra = H265Samples.Slice(21, startsPicture: true, length: 60);

        Assert.Empty(Push(Vps, Sps, Pps));
        Assert.True(_assembler.HasParameterSets);
        Assert.Equal(Vps, _assembler.Vps.ToArray());
        Assert.Equal(Sps, _assembler.Sps.ToArray());
        Assert.Equal(Pps, _assembler.Pps.ToArray());
        Assert.Equal((1280, 720), (_assembler.ParsedSps!.Width, _assembler.ParsedSps.Height));

        var keyframe = Assert.Single(Push(cra));
        AssertNalUnits(keyframe, Vps, Sps, Pps, cra);
        Assert.True(keyframe.IsKeyframe);
    }

    [Fact]
    public void Slices_of_one_picture_in_one_call_form_one_access_unit()
    {
        var first = H265Samples.IdrSlice();
        var second = H265Samples.Slice(19, startsPicture: false, length: 20);

        AssertNalUnits(Assert.Single(Push(Vps, Sps, Pps, first, second)), Vps, Sps, Pps, first, second);
    }

    [Fact]
    public void Slices_of_one_picture_across_calls_continue_the_picture()
    {
        var first = H265Samples.IdrSlice();
        var continuation = H265Samples.Slice(19, startsPicture: false, length: 20);
        var nextPicture = H265Samples.TrailingSlice();

        Push(Vps, Sps, Pps, first);
        var continued = Assert.Single(Push(continuation));
        var next = Assert.Single(Push(nextPicture));

        AssertNalUnits(continued, continuation); // no parameter sets injected mid-picture
        Assert.False(continued.StartsNewPicture);
        Assert.True(continued.IsKeyframe);
        Assert.True(next.StartsNewPicture);
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
    public void Remembered_parameter_sets_are_injected_before_an_irap_that_lacks_them()
    {
        var idr = H265Samples.Slice(20, startsPicture: true, length: 50); // IDR_N_LP
        Push(Vps, Sps, Pps, H265Samples.IdrSlice(60));
        Push(H265Samples.TrailingSlice());

        var keyframe = Assert.Single(Push(PrefixSei, idr));

        AssertNalUnits(keyframe, Vps, Sps, Pps, PrefixSei, idr);
        Assert.True(keyframe.IsKeyframe);
    }

    [Fact]
    public void Parameter_sets_are_injected_when_only_some_precede_the_irap()
    {
        var cra = H265Samples.Slice(21, startsPicture: true, length: 50);
        Push(Vps, Sps, Pps, H265Samples.IdrSlice(60));

        var keyframe = Assert.Single(Push(Pps, cra));

        AssertNalUnits(keyframe, Vps, Sps, Pps, Pps, cra);
    }

    [Fact]
    public void Non_irap_pictures_get_no_parameter_sets()
    {
        Push(Vps, Sps, Pps, H265Samples.IdrSlice());
        var slice = H265Samples.TrailingSlice();

        AssertNalUnits(Assert.Single(Push(slice)), slice);
    }

    [Fact]
    public void Irap_without_any_parameter_sets_is_still_emitted()
    {
        var idr = H265Samples.IdrSlice();

        var keyframe = Assert.Single(Push(idr));

        AssertNalUnits(keyframe, idr);
        Assert.False(_assembler.HasParameterSets);
    }

    [Fact]
    public void Has_parameter_sets_needs_all_three_and_an_sps_that_names_its_profile()
    {
        Push(Sps, Pps);
        Assert.False(_assembler.HasParameterSets);

        Push(Vps, Sps.AsSpan(0, 17).ToArray(), Pps);
        Assert.False(_assembler.HasParameterSets);

        Push(Sps.AsSpan(0, 20).ToArray()); // names its profile, though too short to parse
        Assert.True(_assembler.HasParameterSets);
        Assert.Null(_assembler.ParsedSps);
    }

    [Fact]
    public void Filler_end_of_sequence_and_end_of_bitstream_are_dropped()
    {
        var idr = H265Samples.IdrSlice();

        var accessUnits = Push(Vps, Sps, Pps, H265Samples.Nal(38, 10, 0xFF), idr, [0x48, 0x01], [0x4A, 0x01]);

        AssertNalUnits(Assert.Single(accessUnits), Vps, Sps, Pps, idr);
    }

    [Fact]
    public void Units_shorter_than_the_header_are_dropped()
    {
        var idr = H265Samples.IdrSlice();

        AssertNalUnits(Assert.Single(Push([0x26], Vps, Sps, Pps, idr)), Vps, Sps, Pps, idr);
    }

    [Fact]
    public void Prefix_units_after_the_last_slice_wait_for_the_next_picture()
    {
        var idr = H265Samples.IdrSlice();
        var slice = H265Samples.TrailingSlice();

        AssertNalUnits(Assert.Single(Push(Vps, Sps, Pps, idr, PrefixSei)), Vps, Sps, Pps, idr);
        AssertNalUnits(Assert.Single(Push(slice)), PrefixSei, slice);
    }

    [Fact]
    public void Pending_units_are_bounded_dropping_the_oldest()
    {
        var assembler = new H265AccessUnitAssembler(maxPendingNalUnits: 4);
        var seis = Enumerable.Range(0, 10).Select(i => H265Samples.Nal(39, 4, (byte)i)).ToArray();
        var idr = H265Samples.IdrSlice();
        var output = new List<AccessUnit>();

        assembler.Push(H264Samples.AnnexB(seis), output);
        assembler.Push(H264Samples.AnnexB(idr), output);

        AssertNalUnits(Assert.Single(output), [.. seis[6..], idr]);
        Assert.Equal(6, assembler.DroppedNalUnits);
    }

    [Fact]
    public void Pending_bytes_are_bounded()
    {
        var assembler = new H265AccessUnitAssembler(maxPendingBytes: 100);
        var output = new List<AccessUnit>();

        assembler.Push(H264Samples.AnnexB(H265Samples.Nal(39, 60), H265Samples.Nal(39, 60, 0x11), H265Samples.IdrSlice()), output);

        AssertNalUnits(Assert.Single(output), H265Samples.Nal(39, 60, 0x11), H265Samples.IdrSlice());
        Assert.Equal(1, assembler.DroppedNalUnits);
    }

    [Fact]
    public void Nal_units_are_slices_of_the_pushed_array()
    {
        var data = H264Samples.AnnexB(Vps, Sps, Pps, H265Samples.IdrSlice());
        var output = new List<AccessUnit>();

        _assembler.Push(data, output);

        foreach (var nal in output[0].NalUnits)
        {
            Assert.True(MemoryMarshal.TryGetArray(nal, out var segment));
            Assert.Same(data, segment.Array);
        }
    }

    [Fact]
    public void Changed_sps_is_parsed_again()
    {
        Push(Vps, Sps, Pps, H265Samples.IdrSlice());
        Push(Vps, H265Samples.Sps1920x1080Main, Pps, H265Samples.IdrSlice());

        Assert.Equal((1920, 1080), (_assembler.ParsedSps!.Width, _assembler.ParsedSps.Height));
    }

    [Fact]
    public void Rejects_bounds_without_room_for_the_parameter_sets()
    {
        Assert.Throws<ArgumentOutOfRangeException>("maxPendingNalUnits", () => new H265AccessUnitAssembler(maxPendingNalUnits: 2));
        Assert.Throws<ArgumentOutOfRangeException>("maxPendingBytes", () => new H265AccessUnitAssembler(maxPendingBytes: 0));
    }
}
