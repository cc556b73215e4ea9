using System.Diagnostics;
using MediaActors.Hardware.Audio;
using MediaActors.Hardware.Tests.Support;
using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Formats;
using MediaActors.Testing.Processes;

namespace MediaActors.Hardware.Tests.Audio;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SyntheticAudioSourceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(Codec.Pcmu)]
    [InlineData(Codec.Pcma)]
    public async Task G711ProducesFiftyChunksASecondOf160BytesAt8Khz(Codec codec)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var source = new SyntheticAudioSource(codec, new AudioFormat());
        var expected = new short[160 * 30];
        new ToneGenerator(new AudioFormat()).Fill(expected, 0);

        var stopwatch = Stopwatch.StartNew();
        source.Start();
        var chunks = new List<EncodedAudio>();
        while (chunks.Count < 30)
        {
            chunks.Add(await source.Output.ReadAsync(timeout.Token));
        }

        // Chunk 0 is due at once and chunk 29 at 580 ms; allow for a loaded test machine above that.
        output.WriteLine($"30 chunks in {stopwatch.ElapsedMilliseconds} ms");
        Assert.InRange(stopwatch.ElapsedMilliseconds, 560, 1500);
        Assert.Equal(Enumerable.Range(0, 30).Select(n => n * 160L), chunks.Select(chunk => chunk.FirstSampleIndex));
        Assert.All(chunks, chunk => Assert.Equal(160, chunk.SampleCount));
        Assert.All(chunks, chunk => Assert.Equal(160, chunk.Data.Length));
        var encoded = new byte[expected.Length];
        G711.Encode(codec, expected, encoded);
        Assert.Equal(encoded, chunks.SelectMany(chunk => chunk.Data.ToArray()));
    }

    [Fact]
    public async Task UnevenChunksAlternateSizesWithoutDrifting()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        // 11025 Hz in 20 ms is 220.5 samples per chunk.
        using var source = new SyntheticAudioSource(Codec.Pcmu, new AudioFormat(11025, 2));
        source.Start();

        var chunks = new List<EncodedAudio>();
        while (chunks.Count < 4)
        {
            chunks.Add(await source.Output.ReadAsync(timeout.Token));
        }

        Assert.Equal([220, 221, 220, 221], chunks.Select(chunk => chunk.SampleCount));
        Assert.Equal([0L, 220, 441, 661], chunks.Select(chunk => chunk.FirstSampleIndex));
        Assert.All(chunks, chunk => Assert.Equal(chunk.SampleCount * 2, chunk.Data.Length));
    }

    [Fact]
    public async Task DropsTheOldestChunksWhenNobodyReads()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var source = new SyntheticAudioSource(Codec.Pcmu, new AudioFormat(), chunkMilliseconds: 1);
        source.Start();

        // ffmpeg's start-up time varies (seconds on a loaded machine): wait until the buffer is
        // full, then long enough for 100 more 1 ms chunks to push the oldest out.
        while (source.Output.Count < SyntheticAudioSource.OutputCapacity)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);

        Assert.Equal(SyntheticAudioSource.OutputCapacity, source.Output.Count);
        var oldest = await source.Output.ReadAsync(timeout.Token);
        Assert.True(oldest.FirstSampleIndex > 0, "the first chunks should have been dropped");
    }

    [Theory]
    [InlineData(8000, 1)]
    [InlineData(48000, 2)]
    public async Task AacYieldsValidAdtsFramesWithinTwoSeconds(int sampleRate, int channels)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var source = new SyntheticAudioSource(Codec.Aac, new AudioFormat(sampleRate, channels));
        var stopwatch = Stopwatch.StartNew();
        source.Start();

        var frames = new List<EncodedAudio>();
        using var twoSeconds = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        twoSeconds.CancelAfter(TimeSpan.FromSeconds(2));
        while (frames.Count < 3)
        {
            frames.Add(await source.Output.ReadAsync(twoSeconds.Token));
        }

        output.WriteLine($"{sampleRate} Hz x{channels}: 3 AAC frames after {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal([0L, 1024, 2048], frames.Select(frame => frame.FirstSampleIndex));
        foreach (var frame in frames)
        {
            var data = frame.Data.Span;
            Assert.True(AdtsHeader.TryParse(data, out var header), $"frame at {frame.FirstSampleIndex} lacks a valid ADTS header");
            Assert.Equal(sampleRate, header.SamplingFrequency);
            Assert.Equal(channels, header.ChannelConfiguration);
            Assert.Equal(data.Length, header.FrameLength);
            Assert.Equal(1024, frame.SampleCount);
            Assert.Equal(header.SampleCount, frame.SampleCount);
        }
    }

    [Fact]
    public async Task DisposeLeavesNoFfmpegProcessAndCompletesTheOutput()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var source = new SyntheticAudioSource(Codec.Aac, new AudioFormat());
        source.Start();
        await source.Output.ReadAsync(timeout.Token);
        var processId = source.ProcessId!.Value;

        source.Dispose();

        Assert.False(ProcessTree.IsAlive(processId), $"ffmpeg {processId} outlived Dispose");
        await source.Completion.WaitAsync(timeout.Token);
        await foreach (var _ in source.Output.ReadAllAsync(timeout.Token))
        {
        }
    }

    [Fact]
    public async Task AnFfmpegThatDiesFailsTheSourceWithItsLastStderrLines()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var dyingFfmpeg = new TemporaryExecutable("ffmpeg", "echo 'Unknown encoder: simulated failure' >&2\nexit 3");
        using var source = new SyntheticAudioSource(Codec.Aac, new AudioFormat(), ffmpegPath: dyingFfmpeg.Path);
        source.Start();

        var failure = await Assert.ThrowsAsync<EncoderFailedException>(() => source.Completion.WaitAsync(timeout.Token));

        Assert.Contains("exited with code 3", failure.Message);
        Assert.Contains("Unknown encoder: simulated failure", failure.Message);
    }

    [Fact]
    public void RejectsBadArgumentsByName()
    {
        Assert.Equal("codec", Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticAudioSource(Codec.H264, new AudioFormat())).ParamName);
        Assert.Equal("chunkMilliseconds", Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticAudioSource(Codec.Pcmu, new AudioFormat(), 0)).ParamName);
        Assert.Equal("Channels", Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticAudioSource(Codec.Pcmu, new AudioFormat(8000, 3))).ParamName);
        Assert.Equal("format", Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticAudioSource(Codec.Aac, new AudioFormat(10000))).ParamName);
        var missing = Assert.Throws<FileNotFoundException>(new SyntheticAudioSource(Codec.Aac, new AudioFormat(), ffmpegPath: "/opt/no-such-dir/ffmpeg").Start);
        Assert.Contains("ffmpegPath", missing.Message);
    }
}
