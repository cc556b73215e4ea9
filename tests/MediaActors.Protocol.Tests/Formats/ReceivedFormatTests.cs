using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;
using MediaActors.Protocol.Tests.Sdp;

namespace MediaActors.Protocol.Tests.Formats;

public sealed class ReceivedFormatTests
{
    private static SdpMedia Media(string media, int payloadType, string rtpMap, string? fmtp = null) =>
        new(media, payloadType, rtpMap, fmtp, string.Empty, []);

    private static ReceivedFormat Read(SdpMedia media)
    {
        Assert.True(ReceivedFormat.TryRead(media, out var format, out var reason), reason);
        return format;
    }

    private static string Refused(SdpMedia media)
    {
        Assert.False(ReceivedFormat.TryRead(media, out var format, out var reason));
        Assert.Null(format);
        return reason;
    }

    private static List<ReceivedFormat> ReadAll(string sdp)
    {
        Assert.True(SessionDescription.TryParse(sdp, out var description));
        return [.. description.Media.Select(Read)];
    }

    [Fact]
    public void Reads_gst_rtsp_servers_h264_and_aac()
    {
        var formats = ReadAll(ServerSdpSamples.GstRtspServer);

        Assert.Equal((CodecFormat.H264, (byte)96, 90000), (formats[0].Format, formats[0].PayloadType, formats[0].ClockRate));
        Assert.Equal(
            [Convert.FromBase64String("Z2QAHqzZQKA9oQAAAwABAAADADwPFi2W"), Convert.FromBase64String("aOvjyyLA")],
            formats[0].ParameterSets.Select(set => set.ToArray()));
        Assert.Null(formats[0].AacConfig);
        Assert.Equal((CodecFormat.Aac, (byte)97, 44100), (formats[1].Format, formats[1].PayloadType, formats[1].ClockRate));
        Assert.Equal(new AudioSpecificConfig(2, 44100, 2), formats[1].AacConfig);
        Assert.Empty(formats[1].ParameterSets);
    }

    [Fact]
    public void Reads_ffmpegs_h265_parameter_sets_in_decoding_order_and_its_pcma()
    {
        var formats = ReadAll(ServerSdpSamples.Ffmpeg);

        Assert.Equal(CodecFormat.H265, formats[0].Format);
        Assert.Equal([0x40, 0x42, 0x44], formats[0].ParameterSets.Select(set => set.Span[0]));
        Assert.Equal((CodecFormat.Pcma, (byte)97, 8000), (formats[1].Format, formats[1].PayloadType, formats[1].ClockRate));
    }

    [Fact]
    public void Reads_live555s_static_pcmu_without_rtpmap_and_hikvisions_pcma()
    {
        var live555 = ReadAll(ServerSdpSamples.Live555);
        Assert.True(SessionDescription.TryParse(ServerSdpSamples.Hikvision, out var hikvision));

        Assert.Equal((CodecFormat.Pcmu, (byte)0, 8000), (live555[1].Format, live555[1].PayloadType, live555[1].ClockRate));
        Assert.Equal(2, live555[0].ParameterSets.Count);
        var video = Read(hikvision.Media[0]);
        Assert.Equal([0x67, 0x68], video.ParameterSets.Select(set => set.Span[0]));
        Assert.Equal((CodecFormat.Pcma, (byte)8), (Read(hikvision.Media[1]).Format, Read(hikvision.Media[1]).PayloadType));
        Assert.Equal(
            "application 'isapi.metadata/90000' is not a supported codec (H.264, H.265, AAC, PCMU, PCMA).",
            Refused(hikvision.Media[2]));
    }

    [Theory]
    [InlineData("h264/90000", null)]
    [InlineData("H264/90000", "packetization-mode=0")]
    [InlineData("H264/90000", "sprop-parameter-sets=not*base64,aOvjyyLA")]
    [InlineData("H265/90000", "sprop-max-don-diff=0;sprop-sps=@@")]
    public void Parameter_sets_are_empty_when_absent_or_undecodable(string rtpMap, string? fmtp)
    {
        var format = Read(Media("video", 96, rtpMap, fmtp));

        Assert.Empty(format.ParameterSets);
    }

    [Fact]
    public void Base64_without_padding_and_empty_entries_are_tolerated()
    {
        var format = Read(Media("video", 96, "H264/90000", "sprop-parameter-sets=aMuMsg,,aOvjyyLA,"));

        Assert.Equal([Convert.FromBase64String("aMuMsg=="), Convert.FromBase64String("aOvjyyLA")], format.ParameterSets.Select(set => set.ToArray()));
    }

    [Theory]
    [InlineData("audio", 111, "opus/48000/2", null, "audio 'opus/48000/2' is not a supported codec (H.264, H.265, AAC, PCMU, PCMA).")]
    [InlineData("video", 96, "HEVC/90000", null, "video 'HEVC/90000' is not a supported codec (H.264, H.265, AAC, PCMU, PCMA).")]
    [InlineData("video", 96, "", null, "video payload type 96 has no a=rtpmap, so its codec is unknown.")]
    [InlineData("video", 96, "H264", null, "video a=rtpmap 'H264' is malformed (expected encoding/clock rate[/channels]).")]
    [InlineData("video", 200, "H264/90000", null, "video payload type 200 is not an RTP payload type (0 to 127).")]
    [InlineData("audio", 96, "H264/90000", null, "audio 'H264/90000' names video codec H.264.")]
    [InlineData("video", 96, "H264/1000", null, "H.264 at clock rate 1000 is not supported (only 90000).")]
    [InlineData("video", 96, "H264/90000", "packetization-mode=2", "H.264 packetization-mode=2 is not supported (only 0 and 1; 2 is the interleaved mode).")]
    [InlineData("video", 96, "H265/90000", "sprop-max-don-diff=2", "H.265 sprop-max-don-diff=2 is not supported (only 0: no DONL fields).")]
    [InlineData("audio", 0, "PCMU/8000/2", null, "PCMU with 2 channels is not supported (only mono).")]
    [InlineData("audio", 8, "PCMA/16000", null, "PCMA at clock rate 16000 is not supported (only 8000).")]
    [InlineData("audio", 97, "mpeg4-generic/16000/1", "mode=AAC-lbr;sizelength=6;indexlength=2;config=1408", "AAC mode 'AAC-lbr' is not supported (only AAC-hbr, sizelength=13, indexlength=3).")]
    [InlineData("audio", 97, "MPEG4-GENERIC/16000/1", "config=1408", "AAC without a mode is not supported (only AAC-hbr, sizelength=13, indexlength=3).")]
    [InlineData("audio", 97, "MPEG4-GENERIC/16000/1", "mode=AAC-hbr;sizelength=16;config=1408", "AAC sizelength=16 is not supported (only AAC-hbr, sizelength=13, indexlength=3).")]
    [InlineData("audio", 97, "MPEG4-GENERIC/16000/1", "mode=AAC-hbr;ctsdeltalength=4;config=1408", "AAC ctsdeltalength=4 is not supported (only AAC-hbr, sizelength=13, indexlength=3, and no further AU header fields).")]
    [InlineData("audio", 97, "MPEG4-GENERIC/16000/1", "mode=AAC-hbr", "AAC without a config is not supported (the decoder needs the AudioSpecificConfig from the SDP).")]
    [InlineData("audio", 97, "MPEG4-GENERIC/16000/1", "mode=AAC-hbr;config=14", "AAC config '14' is not supported (only AAC Main, LC, SSR or LTP with 1024-sample frames).")]
    [InlineData("audio", 97, "MPEG4-GENERIC/16000/1", "mode=AAC-hbr;config=xyz1", "AAC config 'xyz1' is not supported (only AAC Main, LC, SSR or LTP with 1024-sample frames).")]
    [InlineData("audio", 97, "MPEG4-GENERIC/48000/1", "mode=AAC-hbr;config=1408", "AAC at clock rate 48000 is not supported for a 16000 Hz config (the RTP clock must run at the sampling rate).")]
    public void Refuses_with_a_sentence_naming_what_is_not_supported(string media, int payloadType, string rtpMap, string? fmtp, string reason)
    {
        Assert.Equal(reason, Refused(Media(media, payloadType, rtpMap, fmtp)));
    }

    [Fact]
    public void Reads_aac_hbr_with_the_sizes_left_out_and_any_case()
    {
        var format = Read(Media("audio", 97, "mpeg4-generic/16000/1", "Mode=aac-hbr; Config=1408"));

        Assert.Equal((CodecFormat.Aac, 16000, new AudioSpecificConfig(2, 16000, 1)), (format.Format, format.ClockRate, format.AacConfig));
    }

    [Fact]
    public void Reads_back_what_this_server_announces()
    {
        var config = new AudioSpecificConfig(2, 48000, 2);
        var aac = Read(Media("audio", 97, CodecFormat.Aac.RtpMap(config), CodecFormat.Aac.FormatParameters(config)));
        var h264 = Read(Media("video", 96, CodecFormat.H264.RtpMap, CodecFormat.H264.FormatParameters([])));
        var h265 = Read(Media("video", 96, CodecFormat.H265.RtpMap, CodecFormat.H265.FormatParameters([])));

        Assert.Equal(config, aac.AacConfig);
        Assert.Equal((CodecFormat.H264, CodecFormat.H265), (h264.Format, h265.Format));
    }

    [Fact]
    public void Creates_the_depacketizer_of_its_media()
    {
        var video = Read(Media("video", 96, "H265/90000"));
        var aac = Read(Media("audio", 97, "MPEG4-GENERIC/16000/1", "mode=AAC-hbr;config=1408"));
        var pcmu = Read(Media("audio", 0, string.Empty));

        Assert.IsType<NalUnitDepacketizer<H265Format>>(video.CreateVideoDepacketizer(1024));
        Assert.IsType<AacDepacketizer>(aac.CreateAudioDepacketizer());
        Assert.IsType<G711Depacketizer>(pcmu.CreateAudioDepacketizer());
        Assert.Throws<InvalidOperationException>(() => video.CreateAudioDepacketizer());
        Assert.Throws<InvalidOperationException>(() => pcmu.CreateVideoDepacketizer(1024));
    }
}
