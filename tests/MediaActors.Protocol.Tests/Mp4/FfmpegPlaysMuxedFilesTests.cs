using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Mp4;

namespace MediaActors.Protocol.Tests.Mp4;

/// <summary>
/// Real encoder output (<see cref="EncodedStreams"/>), split into access units by the product's
/// own assembler and ADTS splitter, muxed into fragmented MP4 files as a recorder would write
/// them, and read back by ffprobe and ffmpeg: the codecs, picture size, every frame, the
/// duration, and a clean decode.
/// </summary>
public sealed class FfmpegPlaysMuxedFilesTests(EncodedStreams streams) : IClassFixture<EncodedStreams>
{
    private const double FrameSeconds = 1.0 / EncodedStreams.FramesPerSecond;
    private const double StreamSeconds = (double)EncodedStreams.FrameCount / EncodedStreams.FramesPerSecond;

    [Theory]
    [InlineData(Codec.H264, "h264", true)]
    [InlineData(Codec.H264, "h264", false)]
    [InlineData(Codec.H265, "hevc", true)]
    [InlineData(Codec.H265, "hevc", false)]
    public async Task Ffprobe_reads_every_frame_of_a_video_file(Codec codec, string codecName, bool fragmentPerFrame)
    {
        var video = Video(codec);
        var path = await WriteAsync(FragmentedFile.Mux([video], fragmentPerFrame ? EveryFrame : AtKeyframes), $"{codec}-{fragmentPerFrame}.mp4");

        var probed = await ProbedFile.ProbeAsync(path);

        Assert.Equal((codecName, 320, 240, EncodedStreams.FrameCount), (probed.Video.CodecName, probed.Video.Width, probed.Video.Height, probed.Video.ReadFrames));
        Assert.Equal(StreamSeconds, probed.Duration, FrameSeconds);
        Assert.Equal(string.Empty, await ProbedFile.DecodingErrorsAsync(path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ffprobe_reads_video_and_audio_of_an_h264_and_aac_file(bool fragmentPerFrame)
    {
        var audio = TrackSamples.FromAdts(streams.AacAdts, trackId: 2);
        var path = await WriteAsync(FragmentedFile.Mux([Video(Codec.H264), audio], fragmentPerFrame ? EveryFrame : AtKeyframes), $"av-{fragmentPerFrame}.mp4");

        var probed = await ProbedFile.ProbeAsync(path);

        Assert.Equal(("h264", EncodedStreams.FrameCount), (probed.Video.CodecName, probed.Video.ReadFrames));
        Assert.Equal(("aac", EncodedStreams.AudioSampleRate, 2, audio.Samples.Count), (probed.Audio.CodecName, probed.Audio.SampleRate, probed.Audio.Channels, probed.Audio.ReadFrames));
        Assert.Equal(StreamSeconds, probed.Duration, FrameSeconds);
        Assert.Equal(string.Empty, await ProbedFile.DecodingErrorsAsync(path));
    }

    /// <summary>A recorder killed mid-fragment leaves a file whose complete fragments all play.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_file_cut_off_in_its_last_fragment_still_plays_the_fragments_before(bool fragmentPerFrame)
    {
        var file = FragmentedFile.Mux([Video(Codec.H264)], fragmentPerFrame ? EveryFrame : AtKeyframes);
        var lastFragment = file.FragmentOffsets[^1];
        var cut = lastFragment + ((file.Bytes.Length - lastFragment) / 2);
        var path = await WriteAsync(file with { Bytes = file.Bytes[..cut] }, $"cut-{fragmentPerFrame}.mp4");

        var probed = await ProbedFile.ProbeAsync(path);

        Assert.InRange(probed.Video.ReadFrames, file.FramesBefore[^1], EncodedStreams.FrameCount);
    }

    private static bool EveryFrame(int index, Mp4Sample sample) => true;

    private static bool AtKeyframes(int index, Mp4Sample sample) => sample.IsSync;

    private TrackSamples Video(Codec codec)
    {
        var video = TrackSamples.FromAnnexB(codec, codec == Codec.H264 ? streams.H264 : streams.H265, EncodedStreams.FramesPerSecond);
        Assert.Equal(EncodedStreams.FrameCount, video.Samples.Count);
        return video;
    }

    private async Task<string> WriteAsync(FragmentedFile file, string name)
    {
        var path = streams.PathOf(name);
        await File.WriteAllBytesAsync(path, file.Bytes);
        return path;
    }
}
