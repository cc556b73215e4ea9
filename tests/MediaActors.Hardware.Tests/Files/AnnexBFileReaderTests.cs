using MediaActors.Hardware.Files;
using MediaActors.Hardware.Tests.Support;
using MediaActors.Protocol.Formats;
using MediaActors.Testing.Rtp;

namespace MediaActors.Hardware.Tests.Files;

public sealed class AnnexBFileReaderTests(RecordedStreamFiles files) : IClassFixture<RecordedStreamFiles>
{
    public static TheoryData<Codec> Codecs => [Codec.H264, Codec.H265];

    [Theory]
    [MemberData(nameof(Codecs))]
    public void One_pass_holds_one_access_unit_per_frame_with_a_keyframe_every_gop(Codec codec)
    {
        var pass = ReadFirstPass(files.PathOf(codec));

        for (var i = 0; i < pass.Count; i++)
        {
            var expectKeyframe = i % RecordedStreamFiles.GopFrames == 0;
            Assert.True(expectKeyframe == pass[i].IsKeyframe, $"access unit {i}: IsKeyframe {pass[i].IsKeyframe}");
            Assert.Equal(expectKeyframe, KeyframeDetector.IsKeyframe(codec, pass[i].AnnexB.Span));
            Assert.True(AnnexB.StartsWithStartCode(pass[i].AnnexB.Span));
        }

        Assert.Contains(AnnexB.ParameterSetType(codec), AnnexB.NalUnitTypes(pass[0].AnnexB.Span, codec));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Knows_the_codec_size_and_rate_from_the_file(Codec codec)
    {
        using var reader = new AnnexBFileReader(files.PathOf(codec));

        Assert.Equal(codec, reader.Codec);
        Assert.Equal(files.PathOf(codec), reader.Path);
        Assert.Equal((RecordedStreamFiles.Width, RecordedStreamFiles.Height), (reader.Width, reader.Height));
        Assert.Equal(RecordedStreamFiles.FramesPerSecond, reader.FramesPerSecond);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Loops_back_to_the_first_keyframe_at_the_end_of_the_file(Codec codec)
    {
        using var reader = new AnnexBFileReader(files.PathOf(codec));

        var first = ReadPass(reader);
        var second = ReadPass(reader);

        Assert.Equal(Bytes(first), Bytes(second));
        Assert.True(second[0].IsKeyframe);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Joins_the_slices_of_a_picture_into_one_access_unit(Codec codec)
    {
        var pass = ReadFirstPass(files.SlicedPathOf(codec));

        Assert.All(pass, accessUnit => Assert.Equal(
            RecordedStreamFiles.SlicesPerPicture, AnnexB.SliceOffsets(accessUnit.AnnexB.Span, codec).Count));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void A_file_cut_before_a_keyframe_starts_at_the_next_keyframe_every_pass(Codec codec)
    {
        var whole = File.ReadAllBytes(files.PathOf(codec));
        const int CutAtFrame = 3;
        var cut = files.NewPath(Path.GetFileName(files.PathOf(codec)));
        File.WriteAllBytes(cut, whole[AnnexB.SliceOffsets(whole, codec)[CutAtFrame]..]);
        using var original = new AnnexBFileReader(files.PathOf(codec));
        using var reader = new AnnexBFileReader(cut);

        var originalPass = ReadPass(original);
        var firstPass = ReadPass(reader, RecordedStreamFiles.Frames - RecordedStreamFiles.GopFrames);
        var secondPass = ReadPass(reader, firstPass.Count);

        Assert.Equal(Bytes(originalPass[RecordedStreamFiles.GopFrames..]), Bytes(firstPass));
        Assert.Equal(Bytes(firstPass), Bytes(secondPass));
    }

    [Fact]
    public void An_explicit_codec_wins_over_the_extension()
    {
        var path = files.NewPath("recording.bin");
        File.Copy(files.H265, path);

        using var reader = new AnnexBFileReader(path, Codec.H265);

        Assert.Equal(Codec.H265, reader.Codec);
        Assert.True(reader.ReadNext().IsKeyframe);
    }

    [Theory]
    [InlineData("clip.h264", Codec.H264)]
    [InlineData("clip.264", Codec.H264)]
    [InlineData("CLIP.AVC", Codec.H264)]
    [InlineData("clip.h265", Codec.H265)]
    [InlineData("clip.265", Codec.H265)]
    [InlineData("clip.hevc", Codec.H265)]
    public void Takes_the_codec_from_the_extension(string fileName, Codec codec)
    {
        var path = files.NewPath(fileName);
        File.Copy(files.PathOf(codec), path);

        using var reader = new AnnexBFileReader(path);

        Assert.Equal(codec, reader.Codec);
    }

    [Fact]
    public void An_unknown_extension_names_the_file_and_the_accepted_extensions()
    {
        var error = Assert.Throws<ArgumentException>(() => new AnnexBFileReader("/videos/clip.mp4"));

        Assert.Contains("/videos/clip.mp4", error.Message);
        Assert.Contains(".h264", error.Message);
        Assert.Contains(".hevc", error.Message);
    }

    [Theory]
    [InlineData("/audio/tone.aac", "AAC")]
    [InlineData("/audio/tone.ULAW", "G.711 µ-law")]
    public void An_audio_extension_says_that_only_video_plays(string path, string codecName)
    {
        var error = Assert.Throws<ArgumentException>(() => new AnnexBFileReader(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(codecName, error.Message);
        Assert.Contains("only video files play", error.Message);
        Assert.Contains(".h264, .264 or .avc for H.264; .h265, .265 or .hevc for H.265", error.Message);
    }

    [Fact]
    public void An_audio_codec_is_refused()
    {
        Assert.Equal("codec", Assert.Throws<ArgumentOutOfRangeException>(() => new AnnexBFileReader(files.H264, Codec.Aac)).ParamName);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = files.NewPath("missing.h264");

        var error = Assert.Throws<FileNotFoundException>(() => new AnnexBFileReader(path));

        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData(Codec.H264, "contains no H.264 keyframe with SPS/PPS")]
    [InlineData(Codec.H265, "contains no H.265 keyframe with VPS/SPS/PPS")]
    public void An_empty_file_has_no_keyframe(Codec codec, string expected)
    {
        var path = files.NewPath("empty.bin");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<InvalidDataException>(() => new AnnexBFileReader(path, codec));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_file_of_the_other_codec_has_no_keyframe()
    {
        var path = files.NewPath("actually-h265.h264");
        File.Copy(files.H265, path);

        var error = Assert.Throws<InvalidDataException>(() => new AnnexBFileReader(path));

        Assert.Contains("contains no H.264 keyframe", error.Message);
    }

    [Fact]
    public void Gives_up_when_no_keyframe_starts_in_the_first_megabytes()
    {
        // Non-IDR slices only, each starting a picture: plausible video, but nothing to start at.
        byte[] slice = [0x00, 0x00, 0x00, 0x01, 0x41, 0x9A, .. Enumerable.Repeat((byte)0x5A, 1000)];
        var path = files.NewPath("no-keyframe.h264");
        using (var file = File.Create(path))
        {
            for (long written = 0; written <= AnnexBFileReader.MaxBytesBeforeFirstKeyframe + slice.Length; written += slice.Length)
            {
                file.Write(slice);
            }
        }

        var error = Assert.Throws<InvalidDataException>(() => new AnnexBFileReader(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("in its first 8 MiB", error.Message);
    }

    [Fact]
    public void Rejects_a_nal_unit_larger_than_an_access_unit_may_be_without_reading_it_whole()
    {
        var path = files.NewPath("no-start-codes.h264");
        var noise = new byte[AnnexBFileReader.MaxAccessUnitBytes + 1024 * 1024];
        noise.AsSpan().Fill(0x55);
        File.WriteAllBytes(path, [0x00, 0x00, 0x00, 0x01, .. noise]);

        var error = Assert.Throws<InvalidDataException>(() => new AnnexBFileReader(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("at byte 4 ", error.Message);
    }

    [Fact]
    public void Reading_after_dispose_throws()
    {
        var reader = new AnnexBFileReader(files.H264);
        reader.Dispose();

        Assert.Throws<ObjectDisposedException>(() => reader.ReadNext());
    }

    /// <summary>
    /// Reads the file's pictures and one more: the first picture must come round again exactly
    /// after the file's picture count, and not before (testsrc draws every picture differently).
    /// </summary>
    private static List<AnnexBAccessUnit> ReadFirstPass(string path)
    {
        using var reader = new AnnexBFileReader(path);
        var pass = ReadPass(reader, RecordedStreamFiles.Frames);
        var passBytes = Bytes(pass);

        Assert.Equal(passBytes[0], reader.ReadNext().AnnexB.ToArray());
        Assert.DoesNotContain(passBytes[0], passBytes[1..]);
        return pass;
    }

    private static List<AnnexBAccessUnit> ReadPass(AnnexBFileReader reader, int count = RecordedStreamFiles.Frames)
    {
        var accessUnits = new List<AnnexBAccessUnit>(count);
        for (var i = 0; i < count; i++)
        {
            accessUnits.Add(reader.ReadNext());
        }

        return accessUnits;
    }

    private static List<byte[]> Bytes(IEnumerable<AnnexBAccessUnit> accessUnits) => accessUnits.Select(unit => unit.AnnexB.ToArray()).ToList();
}
