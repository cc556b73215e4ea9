using System.Runtime.InteropServices;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Tests.Codecs.H264;

namespace MediaActors.Protocol.Tests.Codecs;

/// <summary>
/// The contract of <see cref="NalUnitAccessUnitAssembler{TFormat}"/>, run for each codec: how
/// calls of any split become access units. Codec-specific rules are tested in
/// <see cref="H264.NalUnitAccessUnitAssemblerH264Tests"/> and <see cref="H265.NalUnitAccessUnitAssemblerH265Tests"/>.
/// </summary>
public sealed class NalUnitAccessUnitAssemblerTests
{
    public static TheoryData<string> Codecs => VideoCodecSamples.Names;

    private static List<AccessUnit> Push(IVideoAccessUnitAssembler assembler, params byte[][] nalUnits)
    {
        var output = new List<AccessUnit>();
        assembler.Push(H264Samples.AnnexB(nalUnits), output);
        return output;
    }

    private static void AssertNalUnits(AccessUnit accessUnit, params byte[][] expected)
    {
        Assert.Equal(expected, accessUnit.NalUnits.Select(nal => nal.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Names_its_encoding(string codec)
    {
        Assert.Equal(codec, VideoCodecSamples.For(codec).Format.EncodingName);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Knows_nothing_before_the_parameter_sets(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var assembler = samples.CreateAssembler();

        Assert.Single(Push(assembler, samples.Keyframe(50)));

        Assert.False(assembler.HasParameterSets);
        Assert.Null(assembler.Width);
        Assert.Null(assembler.Height);
        Assert.Null(assembler.FramesPerSecond);
        Assert.Equal(codec == "H264" ? "packetization-mode=1" : string.Empty, samples.Format.FormatParameters(assembler.ParameterSets));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void One_nal_unit_per_call(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var assembler = samples.CreateAssembler();
        var keyframe = samples.Keyframe(50);
        var slice = samples.Slice(true, 40);

        foreach (var parameterSet in samples.ParameterSets)
        {
            Assert.Empty(Push(assembler, parameterSet));
        }

        var first = Assert.Single(Push(assembler, keyframe));
        var next = Assert.Single(Push(assembler, slice));

        AssertNalUnits(first, [.. samples.ParameterSets, keyframe]);
        Assert.True(first.IsKeyframe);
        Assert.True(first.StartsNewPicture);
        AssertNalUnits(next, slice);
        Assert.False(next.IsKeyframe);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Whole_access_unit_per_call_with_aud_stripped(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var keyframe = samples.Keyframe(50);

        var accessUnit = Assert.Single(Push(samples.CreateAssembler(), [samples.Aud, .. samples.ParameterSets, samples.Sei, keyframe]));

        AssertNalUnits(accessUnit, [.. samples.ParameterSets, samples.Sei, keyframe]);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Several_pictures_in_one_call_become_separate_access_units(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var keyframe = samples.Keyframe(50);
        var first = samples.Slice(true, 30);
        var second = samples.Slice(true, 31);

        var accessUnits = Push(samples.CreateAssembler(), [.. samples.ParameterSets, keyframe, samples.Aud, first, samples.Aud, second]);

        Assert.Equal(3, accessUnits.Count);
        AssertNalUnits(accessUnits[0], [.. samples.ParameterSets, keyframe]);
        AssertNalUnits(accessUnits[1], first);
        AssertNalUnits(accessUnits[2], second);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Parameter_sets_only_call_describes_the_stream_and_precedes_the_keyframe(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var assembler = samples.CreateAssembler();
        var keyframe = samples.Keyframe(50);

        Assert.Empty(Push(assembler, samples.ParameterSets));

        Assert.True(assembler.HasParameterSets);
        Assert.Equal((1280, 720), (assembler.Width, assembler.Height));
        Assert.Equal(30, assembler.FramesPerSecond);
        var parameterSets = samples.ParameterSets;
        var expected = codec == "H264"
            ? H264Format.FormatParameters(parameterSets[0], parameterSets[1])
            : H265Format.FormatParameters(parameterSets[0], parameterSets[1], parameterSets[2]);
        Assert.Equal(expected, samples.Format.FormatParameters(assembler.ParameterSets));
        var accessUnit = Assert.Single(Push(assembler, keyframe));
        AssertNalUnits(accessUnit, [.. parameterSets, keyframe]);
        Assert.True(accessUnit.IsKeyframe);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Slices_of_one_picture_in_one_call_form_one_access_unit(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var first = samples.Keyframe(50);
        var second = samples.KeyframeContinuation(20);

        var accessUnit = Assert.Single(Push(samples.CreateAssembler(), [.. samples.ParameterSets, first, second]));

        AssertNalUnits(accessUnit, [.. samples.ParameterSets, first, second]);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Slices_of_one_picture_across_calls_continue_the_picture(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var assembler = samples.CreateAssembler();
        var continuation = samples.KeyframeContinuation(20);
        var nextPicture = samples.Slice(true, 40);

        Push(assembler, [.. samples.ParameterSets, samples.Keyframe(50)]);
        var continued = Assert.Single(Push(assembler, continuation));
        var next = Assert.Single(Push(assembler, nextPicture));

        AssertNalUnits(continued, continuation); // no parameter sets injected mid-picture
        Assert.False(continued.StartsNewPicture);
        Assert.True(continued.IsKeyframe);
        Assert.True(next.StartsNewPicture);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Remembered_parameter_sets_are_injected_before_a_keyframe_that_lacks_them(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var assembler = samples.CreateAssembler();
        var keyframe = samples.Keyframe(50);
        Push(assembler, [.. samples.ParameterSets, samples.Keyframe(60)]);
        Push(assembler, samples.Slice(true, 40));

        var accessUnit = Assert.Single(Push(assembler, samples.Sei, keyframe));

        AssertNalUnits(accessUnit, [.. samples.ParameterSets, samples.Sei, keyframe]);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Keyframe_without_any_parameter_sets_is_still_emitted(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var assembler = samples.CreateAssembler();
        var keyframe = samples.Keyframe(50);

        AssertNalUnits(Assert.Single(Push(assembler, keyframe)), keyframe);
        Assert.False(assembler.HasParameterSets);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Filler_and_end_of_sequence_units_are_dropped(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var keyframe = samples.Keyframe(50);

        var accessUnits = Push(samples.CreateAssembler(), [.. samples.ParameterSets, samples.DroppedUnits[0], keyframe, .. samples.DroppedUnits[1..]]);

        AssertNalUnits(Assert.Single(accessUnits), [.. samples.ParameterSets, keyframe]);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Non_vcl_units_after_the_last_slice_wait_for_the_next_picture(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var assembler = samples.CreateAssembler();
        var keyframe = samples.Keyframe(50);
        var slice = samples.Slice(true, 40);

        AssertNalUnits(Assert.Single(Push(assembler, [.. samples.ParameterSets, keyframe, samples.Sei])), [.. samples.ParameterSets, keyframe]);
        AssertNalUnits(Assert.Single(Push(assembler, slice)), samples.Sei, slice);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Pending_units_are_bounded_dropping_the_oldest(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var assembler = samples.CreateBoundedAssembler(4, 1024);
        var seis = Enumerable.Range(1, 10).Select(i => (byte[])[.. samples.Sei[..^1], (byte)i]).ToArray();
        var keyframe = samples.Keyframe(50);

        Push(assembler, seis);
        var accessUnit = Assert.Single(Push(assembler, keyframe));

        AssertNalUnits(accessUnit, [.. seis[6..], keyframe]);
        Assert.Equal(6, assembler.DroppedNalUnits);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Nal_units_are_slices_of_the_pushed_array(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var data = H264Samples.AnnexB([.. samples.ParameterSets, samples.Keyframe(50)]);
        var output = new List<AccessUnit>();

        samples.CreateAssembler().Push(data, output);

        foreach (var nal in output[0].NalUnits)
        {
            Assert.True(MemoryMarshal.TryGetArray(nal, out var segment));
            Assert.Same(data, segment.Array);
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Changed_sps_is_parsed_again(string codec)
    {
        var samples = VideoCodecSamples.For(codec);
        var assembler = samples.CreateAssembler();

        Push(assembler, [.. samples.ParameterSets, samples.Keyframe(50)]);
        Push(assembler, [.. samples.ParameterSets1080, samples.Keyframe(50)]);

        Assert.Equal((1920, 1080), (assembler.Width, assembler.Height));
    }
}
