using System.Diagnostics;
using MediaActors.Hardware.Tests.Support;
using MediaActors.Protocol.Formats;
using MediaActors.Testing.Processes;
using MediaActors.Testing.Rtp;

namespace MediaActors.Hardware.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FfmpegVideoEncoderTests(ITestOutputHelper output)
{
    private const int Gop = 10;
    private const int Frames = 20;
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);
    private static readonly VideoFormat Small = new(320, 240, 30);

    [Theory]
    [InlineData(Codec.H264)]
    [InlineData(Codec.H265)]
    public async Task ProducesOneAccessUnitPerFrameWithParameterSetsBeforeEachKeyframe(Codec codec)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var encoder = StartedEncoder(codec);

        var producer = EncodeFramesAsync(encoder, Frames, timeout.Token);
        var packets = new List<EncodedPacket>();
        while (packets.Count < Frames)
        {
            packets.Add(await encoder.Output.ReadAsync(timeout.Token));
        }

        await producer;
        Assert.Equal(Enumerable.Range(0, Frames).Select(index => (long)index), packets.Select(packet => packet.FrameIndex));
        foreach (var packet in packets)
        {
            var keyframeExpected = packet.FrameIndex % Gop == 0;
            Assert.True(AnnexB.StartsWithStartCode(packet.AnnexB.Span), $"frame {packet.FrameIndex} lacks a start code");
            Assert.Equal(keyframeExpected, KeyframeDetector.IsKeyframe(codec, packet.AnnexB.Span));
            Assert.Equal(keyframeExpected, AnnexB.NalUnitTypes(packet.AnnexB.Span, codec).Contains(AnnexB.ParameterSetType(codec)));
        }
    }

    [Theory]
    [InlineData(Codec.H264)]
    [InlineData(Codec.H265)]
    public async Task DeliversEachAccessUnitBeforeTheNextFrameIsWritten(Codec codec)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var encoder = StartedEncoder(codec);
        using var frames = new FrameSource(Small);
        var latencies = new List<double>();

        for (long frameIndex = 0; frameIndex < Frames; frameIndex++)
        {
            var stopwatch = Stopwatch.StartNew();
            await encoder.EncodeAsync(frames.Render(frameIndex), timeout.Token);
            var packet = await encoder.Output.ReadAsync(timeout.Token);
            latencies.Add(stopwatch.Elapsed.TotalMilliseconds);

            Assert.Equal(frameIndex, packet.FrameIndex);
        }

        latencies.Sort();
        output.WriteLine($"{codec} write-to-packet latency: median {latencies[Frames / 2]:F1} ms, max {latencies[^1]:F1} ms (the first frame, while the encoder initialises)");
    }

    [Fact]
    public async Task DisposeLeavesNoFfmpegProcessAndCompletesTheOutput()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var encoder = StartedEncoder(Codec.H264);
        await EncodeFramesAsync(encoder, 2, timeout.Token);
        await encoder.Output.ReadAsync(timeout.Token);
        var processId = encoder.ProcessId!.Value;

        await encoder.DisposeAsync();

        Assert.False(ProcessTree.IsAlive(processId), $"ffmpeg {processId} outlived DisposeAsync");
        await encoder.Completion.WaitAsync(timeout.Token);
        // The output completes once drained; the second frame's packet may still be waiting in it.
        await foreach (var _ in encoder.Output.ReadAllAsync(timeout.Token))
        {
        }
        Assert.True(encoder.Output.Completion.IsCompleted);
    }

    [Fact]
    public async Task BlocksInsteadOfDroppingWhenNobodyReadsAndStillDisposesCleanly()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var encoder = StartedEncoder(Codec.H264);
        var processId = encoder.ProcessId!.Value;

        var producer = EncodeFramesAsync(encoder, 1000, timeout.Token);
        while (encoder.Output.Count < 8)
        {
            await Task.Delay(50, timeout.Token);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
        Assert.False(producer.IsCompleted, "the producer should be held back once the output is full");

        var stopwatch = Stopwatch.StartNew();
        await encoder.DisposeAsync();
        output.WriteLine($"DisposeAsync with a blocked ffmpeg took {stopwatch.ElapsedMilliseconds} ms");

        Assert.False(ProcessTree.IsAlive(processId), $"ffmpeg {processId} outlived DisposeAsync");
        await Assert.ThrowsAnyAsync<Exception>(() => producer.WaitAsync(timeout.Token));
        Assert.False(timeout.IsCancellationRequested, "the blocked producer was released by the timeout, not by DisposeAsync");
    }

    [Fact]
    public async Task AnFfmpegThatDiesFailsTheEncoderWithItsLastStderrLines()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var dyingFfmpeg = new TemporaryExecutable("ffmpeg", "echo 'Unknown encoder: simulated failure' >&2\nexit 3");
        await using var encoder = new FfmpegVideoEncoder(new EncoderSettings(Small, FfmpegPath: dyingFfmpeg.Path));
        encoder.Start();

        var failure = await Assert.ThrowsAsync<EncoderFailedException>(() => encoder.Completion.WaitAsync(timeout.Token));
        await Assert.ThrowsAsync<EncoderFailedException>(() => encoder.Output.Completion.WaitAsync(timeout.Token));

        Assert.Contains("exited with code 3", failure.Message);
        Assert.Contains("Unknown encoder: simulated failure", failure.Message);
        await Assert.ThrowsAsync<EncoderFailedException>(() => encoder.EncodeAsync(new byte[Small.FrameSizeBytes], timeout.Token).AsTask());
    }

    [Fact]
    public async Task AMissingFfmpegIsAFileNotFoundExceptionNamingThePath()
    {
        await using var encoder = new FfmpegVideoEncoder(new EncoderSettings(Small, FfmpegPath: "/opt/no-such-dir/ffmpeg"));

        var error = Assert.Throws<FileNotFoundException>(encoder.Start);

        Assert.Contains("ffmpeg was not found at '/opt/no-such-dir/ffmpeg'", error.Message);
        Assert.Contains("FfmpegPath", error.Message);
    }

    [Fact]
    public async Task EncodeRequiresStartAndAWholeFrame()
    {
        await using var encoder = new FfmpegVideoEncoder(new EncoderSettings(Small));
        var frame = new byte[Small.FrameSizeBytes];

        await Assert.ThrowsAsync<InvalidOperationException>(() => encoder.EncodeAsync(frame, CancellationToken.None).AsTask());
        encoder.Start();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => encoder.EncodeAsync(frame.AsMemory(1), CancellationToken.None).AsTask());
        Assert.Equal("rawFrame", error.ParamName);
    }

    private static FfmpegVideoEncoder StartedEncoder(Codec codec)
    {
        var encoder = new FfmpegVideoEncoder(new EncoderSettings(Small, codec, BitrateKbps: 500, GopFrames: Gop));
        encoder.Start();
        return encoder;
    }

    private static async Task EncodeFramesAsync(IVideoEncoder encoder, int count, CancellationToken cancellationToken)
    {
        using var frames = new FrameSource(encoder.Settings.Format);
        for (long frameIndex = 0; frameIndex < count; frameIndex++)
        {
            await encoder.EncodeAsync(frames.Render(frameIndex), cancellationToken);
        }
    }
}
