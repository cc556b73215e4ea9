using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Tests.Codecs.H264;

namespace MediaActors.Protocol.Tests.Formats;

public sealed class H264FormatTests
{
    [Fact]
    public void Formats_packetization_mode_profile_and_parameter_sets()
    {
        const string Expected = "packetization-mode=1;profile-level-id=4D401F;sprop-parameter-sets=Z01AH+ygKALdgIgAAAMACAAAAwHgeMGMsA==,aOvjyyA=";

        Assert.Equal(Expected, H264Format.FormatParameters(H264Samples.Sps1280x720Main, H264Samples.Pps1280x720Main));
        Assert.Equal(Expected, CodecFormat.H264.FormatParameters([H264Samples.Sps1280x720Main, H264Samples.Pps1280x720Main]));
    }

    [Fact]
    public void Without_parameter_sets_says_only_the_packetization_mode()
    {
        Assert.Equal("packetization-mode=1", CodecFormat.H264.FormatParameters([]));
    }

    [Fact]
    public void Rejects_missing_parameter_sets()
    {
        Assert.Throws<ArgumentException>("sps", () => H264Format.FormatParameters([0x67, 0x4D], H264Samples.Pps1280x720Main));
        Assert.Throws<ArgumentException>("pps", () => H264Format.FormatParameters(H264Samples.Sps1280x720Main, []));
        Assert.Throws<ArgumentException>("parameterSets", () => CodecFormat.H264.FormatParameters([H264Samples.Sps1280x720Main]));
    }

    [Theory]
    [InlineData(new byte[] { 0x65 }, true)] // IDR slice
    [InlineData(new byte[] { 0x41 }, false)] // non-IDR slice
    [InlineData(new byte[] { 0x67 }, false)] // SPS
    public void Keyframes_are_idr_slices(byte[] nal, bool isKeyframe)
    {
        Assert.Equal(isKeyframe, H264Format.IsKeyframe(nal));
        Assert.Equal(isKeyframe, CodecFormat.H264.IsKeyframe(nal));
    }

    [Fact]
    public void Names_itself_for_sdp_messages_and_files()
    {
        var format = CodecFormat.H264;

        Assert.Equal((Codec.H264, "H.264", "H264", "video", 96, 0, "SPS/PPS"),
            (format.Codec, format.Name, format.EncodingName, format.MediaType, (int)format.PayloadType, (int)format.WireCode, format.ParameterSetNames));
        Assert.Equal([".h264", ".264", ".avc"], format.FileExtensions);
    }
}
