using System.Threading.Channels;
using MediaActors.Hardware.Audio;
using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware;

/// <summary>
/// A simulated microphone and audio encoder: every chunk interval it captures the next stretch of a test tone
/// (440 Hz, with a 1 kHz beep at the start of each second to check lip sync) and encodes it, G.711 in
/// process, AAC through an ffmpeg child.
/// </summary>
/// <remarks>
/// The output channel drops the oldest piece when full: like a real microphone, this source cannot wait
/// for a slow consumer, and stale audio is worth less than current audio. Sample indexes keep counting
/// across a drop, so a consumer sees the gap in <see cref="EncodedAudio.FirstSampleIndex"/>.
/// </remarks>
public sealed class SyntheticAudioSource : IAudioSource
{
    /// <summary>Pieces the output holds before dropping the oldest: one second of 20 ms G.711 chunks.</summary>
    public const int OutputCapacity = 50;

    /// <summary>Longest accepted chunk interval.</summary>
    public const int MaxChunkMilliseconds = 1000;

    // Long enough for a background task to notice the stop, short enough not to stall a shutdown.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly Channel<EncodedAudio> output = Channel.CreateBounded<EncodedAudio>(
        new BoundedChannelOptions(OutputCapacity) { FullMode = BoundedChannelFullMode.DropOldest });

    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private readonly ToneGenerator tone;
    private readonly int chunkMilliseconds;
    private readonly string? ffmpegPath;
    private FfmpegAacPipe? aac;
    private Task pacing = Task.CompletedTask;
    private Task aacWatch = Task.CompletedTask;
    private int started;
    private int disposed;

    /// <summary>Creates a source; nothing runs until <see cref="Start"/>.</summary>
    /// <param name="codec">How to encode: an audio codec.</param>
    /// <param name="format">Rate and channels; for AAC the rate must be one AAC defines (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000).</param>
    /// <param name="chunkMilliseconds">Audio per tick, 1..1000; 20 ms is one RTP packet of G.711.</param>
    /// <param name="ffmpegPath">ffmpeg for AAC; null means MEDIAACTORS_FFMPEG, then PATH. Unused for G.711.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument or a field of <paramref name="format"/> is out of range.</exception>
    public SyntheticAudioSource(Codec codec, AudioFormat format, int chunkMilliseconds = 20, string? ffmpegPath = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (!CodecFormat.IsAudio(codec))
        {
            throw new ArgumentOutOfRangeException(nameof(codec), codec, "Not an audio codec; use Pcmu, Pcma or Aac.");
        }

        if (chunkMilliseconds is < 1 or > MaxChunkMilliseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkMilliseconds), chunkMilliseconds,
                $"{nameof(chunkMilliseconds)} must be between 1 and {MaxChunkMilliseconds}.");
        }

        if (codec == Codec.Aac && !AdtsHeader.CanCarry(format.SampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format.SampleRate,
                $"AAC cannot carry {format.SampleRate} Hz; use 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100 or 48000.");
        }

        Codec = codec;
        Format = format.Validate();
        this.chunkMilliseconds = chunkMilliseconds;
        this.ffmpegPath = ffmpegPath;
        tone = new ToneGenerator(format);
    }

    /// <inheritdoc />
    public Codec Codec { get; }

    /// <inheritdoc />
    public AudioFormat Format { get; }

    /// <inheritdoc />
    public ChannelReader<EncodedAudio> Output => output.Reader;

    /// <inheritdoc />
    public Task Completion => completion.Task;

    /// <summary>The ffmpeg child's process id once an AAC source is started; lets tests prove no process is left behind.</summary>
    internal int? ProcessId => aac?.ProcessId;

    private bool IsDisposed => Volatile.Read(ref disposed) != 0;

    /// <inheritdoc />
    /// <exception cref="FileNotFoundException">AAC needs ffmpeg and it was not found; the message says where it was looked for.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            throw new InvalidOperationException("The audio source is already started.");
        }

        if (Codec == Codec.Aac)
        {
            aac = FfmpegAacPipe.Start(Format, ffmpegPath, frame => output.Writer.TryWrite(frame), stopping.Token);
            aacWatch = aac.Pump.ContinueWith(OnAacOutputEnded, TaskScheduler.Default);
        }

        var stopToken = stopping.Token;
        pacing = Task.Run(() => PaceAsync(stopToken));
    }

    /// <summary>Stops pacing, kills ffmpeg and waits for it to exit; the output completes without error.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        // Cancel first, so that the background tasks read the end this causes as a stop, not a failure.
        stopping.Cancel();
        // Live audio has nothing worth flushing, and killing releases a tick blocked writing to ffmpeg.
        aac?.Kill();
        // Neither task faults (both turn errors into Fail), so waiting cannot throw.
        Task.WaitAll([pacing, aacWatch], StopTimeout);
        aac?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Finish(error: null);
        stopping.Dispose();
    }

    private async Task PaceAsync(CancellationToken stopToken)
    {
        try
        {
            await RealTimePacer.RunAsync(TimeSpan.FromMilliseconds(chunkMilliseconds), CaptureChunkAsync, stopToken);
        }
        catch (Exception) when (stopToken.IsCancellationRequested)
        {
            // Dispose stopped the source; a cancelled delay or a write cut off by the kill is the expected end.
        }
        catch (IOException) when (aac is not null)
        {
            // ffmpeg closed its input because it is exiting; the output pump reports why once it has exited.
        }
    }

    private async ValueTask CaptureChunkAsync(long chunkIndex, CancellationToken stopToken)
    {
        // Chunk boundaries are computed from the index, so a rate that does not divide evenly into
        // chunks (44100 Hz in 20 ms is 882 samples, 11025 Hz is 220.5) alternates sizes without drifting.
        var first = FirstSampleOf(chunkIndex);
        var count = (int)(FirstSampleOf(chunkIndex + 1) - first);
        var samples = new short[count * Format.Channels];
        tone.Fill(samples, first);

        if (aac is not null)
        {
            await aac.WriteAsync(samples, stopToken);
            return;
        }

        var encoded = new byte[samples.Length];
        G711.Encode(Codec, samples, encoded);
        output.Writer.TryWrite(new EncodedAudio(encoded, first, count));
    }

    private long FirstSampleOf(long chunkIndex) => chunkIndex * Format.SampleRate * chunkMilliseconds / 1000;

    private void OnAacOutputEnded(Task pump)
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        var cause = pump.Exception?.InnerException;
        Fail(cause as EncoderFailedException ?? new EncoderFailedException(
            $"Reading the AAC encoder's output failed: {cause?.Message} ffmpeg said:{Environment.NewLine}{aac?.RecentStderr}", cause));
    }

    /// <summary>Ends the source with an error and kills ffmpeg; pacing stops at its next tick.</summary>
    private void Fail(EncoderFailedException error)
    {
        Finish(error);
        aac?.Kill();
    }

    private void Finish(Exception? error) => StreamEnd.Finish(output.Writer, completion, error);
}
