using System.Buffers.Binary;
using MediaActors.Hardware.Ffmpeg;

namespace MediaActors.Hardware.Audio;

/// <summary>
/// An ffmpeg child that encodes PCM16 to AAC: samples go in through <see cref="WriteAsync"/>, and each ADTS
/// frame comes back, one <see cref="EncodedAudio"/> per frame, through the delegate given to <see cref="Start"/>.
/// </summary>
internal sealed class FfmpegAacPipe
{
    private readonly FfmpegProcess ffmpeg;
    private byte[] pcmBytes = [];

    private FfmpegAacPipe(FfmpegProcess ffmpeg) => this.ffmpeg = ffmpeg;

    public int ProcessId => ffmpeg.Id;

    /// <summary>Runs until ffmpeg's output ends, then faults: with <see cref="EncoderFailedException"/> naming the exit code, or with the read error.</summary>
    public Task Pump { get; private set; } = Task.CompletedTask;

    /// <summary>What ffmpeg last wrote to stderr, for error messages.</summary>
    public string RecentStderr => ffmpeg.RecentStderr;

    /// <exception cref="FileNotFoundException">ffmpeg was not found; the message says where it was looked for.</exception>
    public static FfmpegAacPipe Start(AudioFormat format, string? ffmpegPath, Action<EncodedAudio> onFrame, CancellationToken stopToken)
    {
        var executable = FfmpegLocator.Resolve(ffmpegPath, Environment.GetEnvironmentVariable, $"{nameof(SyntheticAudioSource)}'s ffmpegPath");
        var pipe = new FfmpegAacPipe(FfmpegProcess.Start(executable, AacCommandLine.Build(format)));
        pipe.Pump = Task.Run(() => pipe.PumpAsync(onFrame, stopToken));
        return pipe;
    }

    /// <summary>Writes interleaved samples as s16le, as ffmpeg was told to expect whatever this machine's byte order.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<short> samples, CancellationToken cancellationToken)
    {
        var length = samples.Length * sizeof(short);
        if (pcmBytes.Length < length)
        {
            pcmBytes = new byte[length];
        }

        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcmBytes.AsSpan(i * sizeof(short)), samples.Span[i]);
        }

        await ffmpeg.Input.WriteAsync(pcmBytes.AsMemory(0, length), cancellationToken);
        // Process stdin is a buffered FileStream on Windows; without this a chunk could sit there.
        await ffmpeg.Input.FlushAsync(cancellationToken);
    }

    public void Kill() => ffmpeg.Kill();

    public ValueTask DisposeAsync() => ffmpeg.DisposeAsync();

    // FirstSampleIndex counts the samples of the frames before, so it includes the encoder's priming
    // (1024 samples with ffmpeg's aac): the timestamps stay continuous, offset from the PCM by that delay.
    private async Task PumpAsync(Action<EncodedAudio> onFrame, CancellationToken stopToken)
    {
        var frames = new AdtsFrameReader(ffmpeg.Output);
        long sampleIndex = 0;
        while (await frames.ReadNextFrameAsync(stopToken) is { } next)
        {
            onFrame(new EncodedAudio(next.Frame, sampleIndex, next.Header.SampleCount));
            sampleIndex += next.Header.SampleCount;
        }

        // A live encoder never ends by itself; waiting for the exit also waits for stderr's last lines.
        var exitCode = await ffmpeg.WaitForExitAsync(stopToken);
        throw new EncoderFailedException($"ffmpeg exited with code {exitCode}. It said:{Environment.NewLine}{ffmpeg.RecentStderr}");
    }
}
