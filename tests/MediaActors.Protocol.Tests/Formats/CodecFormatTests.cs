using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Tests.Formats;

/// <summary>The registry of formats: one per codec, found by codec, wire code and file extension.</summary>
public sealed class CodecFormatTests
{
    public static TheoryData<Codec> Codecs => [.. Enum.GetValues<Codec>()];

    public static TheoryData<string, Codec> Extensions()
    {
        var data = new TheoryData<string, Codec>();
        foreach (var format in CodecFormat.All)
        {
            foreach (var extension in format.FileExtensions)
            {
                data.Add(extension, format.Codec);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Every_codec_has_one_format_that_names_it(Codec codec)
    {
        var format = CodecFormat.Of(codec);

        Assert.Equal(codec, format.Codec);
        Assert.Same(format, Assert.Single(CodecFormat.All, candidate => candidate.Codec == codec));
        Assert.Equal(format.Name, format.ToString());
    }

    [Fact]
    public void Of_rejects_an_undefined_codec()
    {
        Assert.Throws<ArgumentOutOfRangeException>("codec", () => CodecFormat.Of((Codec)99));
        Assert.Throws<ArgumentOutOfRangeException>("codec", () => CodecFormat.OfVideo((Codec)99));
    }

    [Theory]
    [InlineData(Codec.H264, true)]
    [InlineData(Codec.H265, true)]
    [InlineData(Codec.Aac, false)]
    [InlineData(Codec.Pcmu, false)]
    [InlineData(Codec.Pcma, false)]
    public void Video_and_audio_codecs_are_told_apart(Codec codec, bool isVideo)
    {
        Assert.Equal(isVideo, CodecFormat.IsVideo(codec));
        Assert.Equal(!isVideo, CodecFormat.IsAudio(codec));
        Assert.Equal(isVideo ? "video" : "audio", CodecFormat.Of(codec).MediaType);
        if (isVideo)
        {
            Assert.Same(CodecFormat.Of(codec), CodecFormat.OfVideo(codec));
        }
        else
        {
            Assert.Contains("is not a video codec", Assert.Throws<ArgumentOutOfRangeException>("codec", () => CodecFormat.OfVideo(codec)).Message);
        }
    }

    [Fact]
    public void An_undefined_codec_is_neither_video_nor_audio()
    {
        Assert.False(CodecFormat.IsVideo((Codec)99));
        Assert.False(CodecFormat.IsAudio((Codec)99));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Wire_codes_round_trip(Codec codec)
    {
        var format = CodecFormat.Of(codec);

        Assert.True(CodecFormat.TryFromWireCode(format.WireCode, out var read));
        Assert.Same(format, read);
    }

    [Fact]
    public void Wire_codes_are_unique_and_the_video_ones_fixed()
    {
        Assert.Equal(CodecFormat.All.Count, CodecFormat.All.Select(format => format.WireCode).Distinct().Count());
        Assert.Equal(0, CodecFormat.H264.WireCode);
        Assert.Equal(1, CodecFormat.H265.WireCode);
        Assert.False(CodecFormat.TryFromWireCode(7, out var unknown));
        Assert.Null(unknown);
    }

    [Theory]
    [MemberData(nameof(Extensions))]
    public void Every_listed_extension_names_its_codec_in_any_case(string extension, Codec codec)
    {
        Assert.Equal(codec, CodecFormat.FromFileExtension("/media/clip" + extension)?.Codec);
        Assert.Equal(codec, CodecFormat.FromFileExtension("CLIP" + extension.ToUpperInvariant())?.Codec);
    }

    [Fact]
    public void Extensions_are_lowercase_with_the_dot_and_unique()
    {
        var extensions = CodecFormat.All.SelectMany(format => format.FileExtensions).ToList();

        Assert.All(extensions, extension => Assert.Matches("^\\.[a-z0-9]+$", extension));
        Assert.Equal(extensions.Count, extensions.Distinct().Count());
    }

    [Theory]
    [InlineData("clip.mp4")]
    [InlineData("clip")]
    [InlineData("h264")]
    public void An_unknown_extension_names_no_codec(string path)
    {
        Assert.Null(CodecFormat.FromFileExtension(path));
    }

    [Theory]
    [InlineData("tone.aac")]
    [InlineData("tone.ulaw")]
    [InlineData("tone.al")]
    public void An_audio_extension_is_not_a_video_format(string path)
    {
        var format = CodecFormat.FromFileExtension(path);

        Assert.NotNull(format);
        Assert.False(format is VideoCodecFormat, $"{path} names {format}");
    }
}
