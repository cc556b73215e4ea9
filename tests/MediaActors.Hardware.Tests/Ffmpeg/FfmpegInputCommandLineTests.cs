using MediaActors.Hardware.Ffmpeg;
using MediaActors.Hardware.FfmpegInput;
using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware.Tests.Ffmpeg;

/// <summary>The command lines of `--source ffmpeg:` and `v4l2:`, and the choices behind them (no process runs here).</summary>
public sealed class FfmpegInputCommandLineTests
{
    private static readonly EncoderSettings H264 = new(new VideoFormat(1280, 720, 30), Codec.H264, BitrateKbps: 1500, GopFrames: 50);
    private static readonly EncoderSettings H265 = H264 with { Codec = Codec.H265 };

    [Fact]
    public void Passthrough_copies_the_first_video_stream_as_annex_b()
    {
        var h264 = FfmpegInputCommandLine.Passthrough(["-re", "-stream_loop", "-1", "-i", "clip.mp4"], Codec.H264);
        var h265 = FfmpegInputCommandLine.Passthrough(["-i", "clip.mp4"], Codec.H265);

        Assert.Equal(
            ["-hide_banner", "-nostats", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", "clip.mp4",
             "-map", "0:v:0", "-an", "-sn", "-dn", "-c:v", "copy", "-bsf:v", "h264_mp4toannexb", "-flush_packets", "1", "-f", "h264", "pipe:1"],
            h264);
        Assert.Equal(["-c:v", "copy", "-bsf:v", "hevc_mp4toannexb", "-flush_packets", "1", "-f", "hevc", "pipe:1"], h265.TakeLast(9));
    }

    [Fact]
    public void Encoding_with_libx264_uses_the_camera_settings_and_keeps_the_users_output_options()
    {
        var encoder = FfmpegInputCommandLine.EncoderArguments("libx264", H264);
        var command = FfmpegInputCommandLine.Encode(["-f", "v4l2", "-i", "/dev/video0"], ["-vf", "scale=640:-2"], encoder);

        var text = string.Join(' ', command);
        Assert.StartsWith("-hide_banner -nostats -nostdin -loglevel error -f v4l2 -i /dev/video0 -map 0:v:0 -an -sn -dn -vf scale=640:-2 -fps_mode passthrough", text, StringComparison.Ordinal);
        Assert.Contains("-pix_fmt yuv420p -c:v libx264 -profile:v main -preset ultrafast -tune zerolatency", text, StringComparison.Ordinal);
        Assert.Contains("-g 50 -keyint_min 50", text, StringComparison.Ordinal);
        Assert.Contains("-b:v 1500k", text, StringComparison.Ordinal);
        Assert.EndsWith("-flush_packets 1 -f h264 pipe:1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("copy", command);
    }

    [Fact]
    public void Encoding_to_h265_uses_libx265_and_the_hevc_muxer()
    {
        var text = string.Join(' ', FfmpegInputCommandLine.Encode(["-i", "x"], [], FfmpegInputCommandLine.EncoderArguments("libx265", H265)));

        Assert.Contains("-c:v libx265", text, StringComparison.Ordinal);
        Assert.EndsWith("-f hevc pipe:1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h264_vaapi", "-vaapi_device /dev/dri/renderD128 -vf format=nv12,hwupload -c:v h264_vaapi -g 50")]
    [InlineData("h264_v4l2m2m", "-pix_fmt yuv420p -c:v h264_v4l2m2m -g 50")]
    [InlineData("h264_nvenc", "-pix_fmt yuv420p -c:v h264_nvenc -preset p1 -tune ll")]
    public void A_hardware_encoder_gets_what_it_needs_and_the_gop_and_bitrate(string encoder, string expected)
    {
        var text = string.Join(' ', FfmpegInputCommandLine.EncoderArguments(encoder, H264).Arguments);

        Assert.StartsWith(expected, text, StringComparison.Ordinal);
        Assert.Contains("-b:v 1500k", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encoder_of_the_other_codec_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => FfmpegInputCommandLine.EncoderArguments("hevc_vaapi", H264));
        Assert.Contains("H.264", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_probe_leaves_out_what_only_ffmpeg_understands()
    {
        var probe = FfmpegInputCommandLine.Probe(
            ["-re", "-stream_loop", "-1", "-thread_queue_size", "512", "-c:v", "h264_cuvid", "-ss", "3", "-f", "mp4", "-i", "clip.mp4"]);

        Assert.Equal(
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", "-f", "mp4", "-i", "clip.mp4"],
            probe);
    }

    [Fact]
    public void The_input_ends_at_the_value_of_the_last_i()
    {
        var (input, output) = FfmpegInputCommandLine.SplitAtInput(["-f", "lavfi", "-i", "testsrc2", "-i", "logo.png", "-filter_complex", "overlay"]);

        Assert.Equal(["-f", "lavfi", "-i", "testsrc2", "-i", "logo.png"], input);
        Assert.Equal(["-filter_complex", "overlay"], output);
        Assert.Throws<ArgumentException>(() => FfmpegInputCommandLine.SplitAtInput(["-f", "lavfi", "testsrc2"]));
        Assert.Throws<ArgumentException>(() => FfmpegInputCommandLine.SplitAtInput(["-f", "lavfi", "-i"]));
    }

    [Fact]
    public void V4l2_prefers_the_sessions_codec_when_the_camera_offers_it()
    {
        const string Listing = """
            [video4linux2,v4l2 @ 0x55d0] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480 1280x720
            [video4linux2,v4l2 @ 0x55d0] Compressed:       mjpeg :          Motion-JPEG : 640x480 1280x720 1920x1080
            [video4linux2,v4l2 @ 0x55d0] Compressed:        h264 :                H.264 : 640x480 1280x720 1920x1080
            /dev/video0: Immediate exit requested
            """;
        var formats = FfmpegInputPlanner.V4l2CompressedFormats(Listing);

        Assert.Equal(["h264", "mjpeg"], formats.Order());
        Assert.Equal(["-f", "v4l2", "-input_format", "h264", "-i", "/dev/video0"], FfmpegInputPlanner.V4l2Input("/dev/video0", Codec.H264, formats));
        // No HEVC on this camera: its default format, which will be encoded.
        Assert.Equal(["-f", "v4l2", "-i", "/dev/video0"], FfmpegInputPlanner.V4l2Input("/dev/video0", Codec.H265, formats));
    }

    [Fact]
    public void V4l2_of_a_missing_device_names_it()
    {
        var error = Assert.Throws<FileNotFoundException>(() =>
            FfmpegInputPlanner.V4l2Arguments("/dev/video-nonexistent", Codec.H264, ffmpegPath: null, TimeSpan.FromSeconds(5)));
        Assert.StartsWith("v4l2:/dev/video-nonexistent: there is no such device", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_encoder_listing_gives_the_names()
    {
        const string Listing = """
            Encoders:
             V..... = Video
             ------
             V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
             V....D h264_vaapi           H.264/AVC (VAAPI) (codec h264)
            """;

        Assert.Equal(["h264_vaapi", "libx264"], FfmpegInputPlanner.EncoderNames(Listing).Order());
    }

    [Fact]
    public void Auto_without_listed_hardware_encoders_uses_libx264_and_says_so()
    {
        var trials = new List<string>();
        var (encoder, reason) = FfmpegInputPlanner.ChooseEncoder(Codec.H264, "auto", () => new HashSet<string> { "libx264", "h264_qsv" }, Trial(trials));

        Assert.Equal("libx264", encoder);
        Assert.Contains("lists none of the hardware encoders h264_nvenc, h264_vaapi, h264_v4l2m2m", reason, StringComparison.Ordinal);
        Assert.Empty(trials);
    }

    [Fact]
    public void Auto_tries_each_listed_hardware_encoder_and_takes_the_first_that_encodes()
    {
        var trials = new List<string>();
        var (encoder, reason) = FfmpegInputPlanner.ChooseEncoder(Codec.H265, "auto",
            () => new HashSet<string> { "libx265", "hevc_nvenc", "hevc_v4l2m2m" }, Trial(trials, works: "hevc_v4l2m2m"));

        Assert.Equal("hevc_v4l2m2m", encoder);
        Assert.Equal(["hevc_nvenc", "hevc_v4l2m2m"], trials);
        Assert.Contains("1-frame trial encode succeeded", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_falls_back_to_software_naming_why_each_listed_hardware_encoder_failed()
    {
        var (encoder, reason) = FfmpegInputPlanner.ChooseEncoder(Codec.H264, "auto", () => new HashSet<string> { "h264_vaapi" }, Trial([]));

        Assert.Equal("libx264", encoder);
        // The encoder's own first line, not ffmpeg's generic last one.
        Assert.EndsWith("h264_vaapi: No device", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_encoder_is_used_and_a_hardware_one_must_pass_its_trial()
    {
        Assert.Equal("libx265", FfmpegInputPlanner.ChooseEncoder(Codec.H265, "libx265", () => throw new InvalidOperationException(), Trial([])).Encoder);
        Assert.Equal("h264_vaapi", FfmpegInputPlanner.ChooseEncoder(Codec.H264, "h264_vaapi", () => new HashSet<string>(), Trial([], works: "h264_vaapi")).Encoder);
        var failing = Assert.Throws<ArgumentException>(() => FfmpegInputPlanner.ChooseEncoder(Codec.H264, "h264_vaapi", () => new HashSet<string>(), Trial([])));
        Assert.Contains("does not work here", failing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FfmpegInputPlanner.ChooseEncoder(Codec.H264, "libx265", () => new HashSet<string>(), Trial([])));
    }

    private static Func<string, ToolRun> Trial(List<string> tried, string? works = null) => encoder =>
    {
        tried.Add(encoder);
        return encoder == works ? new ToolRun(0, "", "") : new ToolRun(1, "", $"[{encoder} @ 0x55ee9d87d700] No device\nError initializing output stream 0:0 -- Error while opening encoder\n");
    };
}
