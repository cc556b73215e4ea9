using System.Runtime.InteropServices;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H264;

namespace MediaActors.Protocol.Tests.Codecs.H264;

public sealed class H264AccessUnitAssemblerTests
{
    private static readonly byte[] Sps = H264Samples.Sps1280x720Main;
    private static readonly byte[] Pps = H264Samples.Pps1280x720Main;
    private static readonly byte[] Sei = H264Samples.Nal(0x06, 8);
    private static readonly byte[] Aud = [0x09, 0xF0];

    private readonly H264AccessUnitAssembler _assembler = new();

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
        var idr = H264Samples.IdrSlice();
        var slice = H264Samples.NonIdrSlice();

        Assert.Empty(Push(Sps));
        Assert.Empty(Push(Pps));
        var keyframe = Assert.Single(Push(idr));
        var next = Assert.Single(Push(slice));

        AssertNalUnits(keyframe, Sps, Pps, idr);
        Assert.True(keyframe.IsKeyframe);
        Assert.True(keyframe.StartsNewPicture);
        AssertNalUnits(next, slice);
        Assert.False(next.IsKeyframe);
    }

    [Fact]
    public void Whole_access_unit_per_call_with_aud_stripped()
    {
        var idr = H264Samples.IdrSlice();

        var accessUnit = Assert.Single(Push(Aud, Sps, Pps, Sei, idr));

        AssertNalUnits(accessUnit, Sps, Pps, Sei, idr);
    }

    [Fact]
    public void Several_pictures_in_one_call_become_separate_access_units()
    {
        var idr = H264Samples.IdrSlice();
        var first = H264Samples.NonIdrSlice(length: 30);
        var second = H264Samples.NonIdrSlice(length: 31);

        var accessUnits = Push(Sps, Pps, idr, Aud, first, Aud, second);

        Assert.Equal(3, accessUnits.Count);
        AssertNalUnits(accessUnits[0], Sps, Pps, idr);
        AssertNalUnits(accessUnits[1], first);
        AssertNalUnits(accessUnits[2], second);
    }

    [Fact]
    public void Parameter_sets_only_call_followed_by_idr_call()
    {
        var idr = H264Samples.IdrSlice();

        Assert.Empty(Push(Sps, Pps));
        Assert.True(_assembler.HasParameterSets);
        Assert.Equal(Sps, _assembler.Sps.ToArray());
        Assert.Equal(Pps, _assembler.Pps.ToArray());
        Assert.Equal((1280, 720), (_assembler.ParsedSps!.Width, _assembler.ParsedSps.Height));

        AssertNalUnits(Assert.Single(Push(idr)), Sps, Pps, idr);
    }

    [Fact]
    public void Slices_of_one_picture_in_one_call_form_one_access_unit()
    {
        var first = H264Samples.IdrSlice();
        var second = H264Samples.Nal(0x65, 20);
        second[1] = 0x40; // first_mb_in_slice != 0

        AssertNalUnits(Assert.Single(Push(Sps, Pps, first, second)), Sps, Pps, first, second);
    }

    [Fact]
    public void Slices_of_one_picture_across_calls_continue_the_picture()
    {
        var first = H264Samples.IdrSlice();
        var continuation = H264Samples.Nal(0x65, 20);
        continuation[1] = 0x40;
        var nextPicture = H264Samples.NonIdrSlice();

        Push(Sps, Pps, first);
        var continued = Assert.Single(Push(continuation));
        var next = Assert.Single(Push(nextPicture));

        AssertNalUnits(continued, continuation); // no parameter sets injected mid-picture
        Assert.False(continued.StartsNewPicture);
        Assert.True(continued.IsKeyframe);
        Assert.True(next.StartsNewPicture);
    }

    [Fact]
    public void Remembered_parameter_sets_are_injected_before_an_idr_that_lacks_them()
    {
        var idr = H264Samples.IdrSlice();
        Push(Sps, Pps, H264Samples.IdrSlice(60));
        Push(H264Samples.NonIdrSlice());

        var keyframe = Assert.Single(Push(Sei, idr));

        AssertNalUnits(keyframe, Sps, Pps, Sei, idr);
    }

    [Fact]
    public void Idr_without_any_parameter_sets_is_still_emitted()
    {
        var idr = H264Samples.IdrSlice();

        var keyframe = Assert.Single(Push(idr));

        AssertNalUnits(keyframe, idr);
        Assert.False(_assembler.HasParameterSets);
    }

    [Fact]
    public void Filler_and_end_of_sequence_units_are_dropped()
    {
        var idr = H264Samples.IdrSlice();

        var accessUnits = Push(Sps, Pps, H264Samples.Nal(0x0C, 10, 0xFF), idr, [0x0A], [0x0B]);

        AssertNalUnits(Assert.Single(accessUnits), Sps, Pps, idr);
    }

    [Fact]
    public void Non_vcl_units_after_the_last_slice_wait_for_the_next_picture()
    {
        var idr = H264Samples.IdrSlice();
        var slice = H264Samples.NonIdrSlice();

        AssertNalUnits(Assert.Single(Push(Sps, Pps, idr, Sei)), Sps, Pps, idr);
        AssertNalUnits(Assert.Single(Push(slice)), Sei, slice);
    }

    [Fact]
    public void Pending_units_are_bounded_dropping_the_oldest()
    {
        var assembler = new H264AccessUnitAssembler(maxPendingNalUnits: 4);
        var seis = Enumerable.Range(0, 10).Select(i => H264Samples.Nal(0x06, 4, (byte)i)).ToArray();
        var idr = H264Samples.IdrSlice();
        var output = new List<AccessUnit>();

        assembler.Push(H264Samples.AnnexB(seis), output);
        assembler.Push(H264Samples.AnnexB(idr), output);

        AssertNalUnits(Assert.Single(output), [.. seis[6..], idr]);
        Assert.Equal(6, assembler.DroppedNalUnits);
    }

    [Fact]
    public void Nal_units_are_slices_of_the_pushed_array()
    {
        var data = H264Samples.AnnexB(Sps, Pps, H264Samples.IdrSlice());
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
        Push(Sps, Pps, H264Samples.IdrSlice());
        Push(H264Samples.Sps1920x1080High, Pps, H264Samples.IdrSlice());

        Assert.Equal(1920, _assembler.ParsedSps!.Width);
    }
}
