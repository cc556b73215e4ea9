using System.CommandLine;
using MediaActors.Host;
using MediaActors.Protocol.Formats;

namespace MediaActors.Tests.Host;

/// <summary>How `serve` and `board` read their codecs: into <see cref="Codec"/>, the kind each option wants or refused.</summary>
public sealed class StreamOptionsTests
{
    private static ServeOptions Read(params string[] args)
    {
        var options = new StreamOptions();
        var command = new Command("serve");
        options.AddTo(command);
        return options.Read(command.Parse(args), port: 8554);
    }

    [Fact]
    public void Defaults_to_h264_without_audio()
    {
        var options = Read();

        Assert.Equal((Codec.H264, (Codec?)null), (options.Codec, options.Audio));
    }

    [Theory]
    [InlineData(new[] { "--codec", "h265" }, Codec.H265, null)]
    [InlineData(new[] { "--audio" }, Codec.H264, Codec.Pcmu)]
    [InlineData(new[] { "--audio", "pcma" }, Codec.H264, Codec.Pcma)]
    [InlineData(new[] { "--codec", "H265", "--audio", "aac" }, Codec.H265, Codec.Aac)]
    public void Reads_the_codecs_named(string[] args, Codec video, Codec? audio)
    {
        var options = Read(args);

        Assert.Equal((video, audio), (options.Codec, options.Audio));
    }

    [Theory]
    [InlineData(new[] { "--codec", "aac" }, "--codec aac is not a video codec: use h264, h265.")]
    [InlineData(new[] { "--codec", "pcmu" }, "--codec pcmu is not a video codec: use h264, h265.")]
    [InlineData(new[] { "--audio", "h264" }, "--audio h264 is not an audio codec: use aac, pcmu, pcma.")]
    public void A_codec_of_the_wrong_kind_is_refused_naming_the_option(string[] args, string message)
    {
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => Read(args)).Message);
    }

    [Fact]
    public void Serve_exits_2_on_a_codec_of_the_wrong_kind_before_anything_starts()
    {
        var exitCode = ServeCommand.Create().Parse(["--codec", "aac"]).Invoke();

        Assert.Equal(2, exitCode);
    }
}
