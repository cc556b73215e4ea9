using System.Threading.Channels;
using MediaActors.Hardware.Avi;
using MediaActors.Hardware.Ffmpeg;

namespace MediaActors.Hardware;

/// <summary>
/// Encodes with libx264 or libx265 by running ffmpeg as a child process: raw NV12 frames go to its stdin,
/// and each access unit comes back from its stdout, framed as an AVI chunk, as soon as it is encoded.
/// </summary>
/// <remarks>
/// The output channel is bounded and waits when full: if the consumer falls behind, this encoder stops
/// reading, ffmpeg blocks, and <see cref="EncodeAsync"/> blocks in turn. A camera pipeline must never
/// silently drop access units, because every P-frame depends on the one before it.
/// </remarks>
public sealed class FfmpegVideoEncoder : IVideoEncoder
{
    // A few frames of slack absorb a consumer's jitter without adding real latency.
    private const int OutputCapacity = 8;

    private readonly Channel<EncodedPacket> output = Channel.CreateBounded<EncodedPacket>(
        new BoundedChannelOptions(OutputCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleWriter = true });

    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private FfmpegProcess? ffmpeg;
    private Task outputPump = Task.CompletedTask;
    private int disposed;

    /// <summary>Creates an encoder; nothing runs until <see cref="Start"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public FfmpegVideoEncoder(EncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings.Validate();
    }

    /// <inheritdoc />
    public EncoderSettings Settings { get; }

    /// <inheritdoc />
    public ChannelReader<EncodedPacket> Output => output.Reader;

    /// <inheritdoc />
    public Task Completion => completion.Task;

    /// <summary>The ffmpeg child's process id once started; lets tests prove no process is left behind.</summary>
    internal int? ProcessId => ffmpeg?.Id;

    private bool IsDisposed => Volatile.Read(ref disposed) != 0;

    /// <inheritdoc />
    /// <exception cref="FileNotFoundException">ffmpeg was not found; the message says where it was looked for.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (ffmpeg is not null)
        {
            throw new InvalidOperationException("The encoder is already started.");
        }

        var executable = FfmpegLocator.Resolve(Settings.FfmpegPath, Environment.GetEnvironmentVariable);
        var started = FfmpegProcess.Start(executable, FfmpegCommandLine.Build(Settings));
        ffmpeg = started;
        outputPump = Task.Run(() => PumpOutputAsync(started, stopping.Token));
    }

    /// <inheritdoc />
    /// <exception cref="EncoderFailedException">ffmpeg has exited or stopped accepting input.</exception>
    public async ValueTask EncodeAsync(ReadOnlyMemory<byte> rawFrame, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var running = ffmpeg
            ?? throw new InvalidOperationException("EncodeAsync was called before Start; start the encoder first.");
        Settings.Format.RequireWholeFrame(rawFrame.Length, nameof(rawFrame));
        if (completion.Task.IsCompleted)
        {
            throw new EncoderFailedException("The encoder has stopped and accepts no more frames.", completion.Task.Exception?.InnerException);
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await running.Input.WriteAsync(rawFrame, cancellationToken);
            // Process stdin is a buffered FileStream on Windows; without this a frame could sit there.
            await running.Input.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Fail(new EncoderFailedException(
                "A frame write was cancelled part-way, so ffmpeg's input is no longer aligned to frames; the encoder was stopped."));
            throw;
        }
        catch (IOException exception)
        {
            throw new EncoderFailedException($"ffmpeg stopped accepting frames. It said:{Environment.NewLine}{running.RecentStderr}", exception);
        }
    }

    /// <summary>Closes ffmpeg's input, gives it a moment to exit, then kills it; the output completes without error.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        // Cancel first, so that the pump reads the exit caused by this stop as a stop, not a failure.
        await stopping.CancelAsync();
        if (ffmpeg is not null)
        {
            await ffmpeg.StopAsync();
            await outputPump;
            await ffmpeg.DisposeAsync();
        }

        Finish(error: null);
        stopping.Dispose();
    }

    private async Task PumpOutputAsync(FfmpegProcess process, CancellationToken stopToken)
    {
        try
        {
            var chunks = new AviChunkReader(process.Output);
            long frameIndex = 0;
            while (await chunks.ReadNextVideoChunkAsync(stopToken) is { } accessUnit)
            {
                // The AVI muxer writes an empty chunk for a frame it skipped; it still uses up a frame index.
                if (accessUnit.Length > 0)
                {
                    await output.Writer.WriteAsync(new EncodedPacket(accessUnit, frameIndex), stopToken);
                }

                frameIndex++;
            }

            var exitCode = await process.WaitForExitAsync(stopToken);
            Finish(exitCode == 0 ? null : new EncoderFailedException($"ffmpeg exited with code {exitCode}. It said:{Environment.NewLine}{process.RecentStderr}"));
        }
        catch (Exception) when (stopToken.IsCancellationRequested)
        {
            // DisposeAsync stopped ffmpeg; a cut-off stream or a cancelled wait is the expected end.
            Finish(error: null);
        }
        catch (Exception exception)
        {
            Fail(new EncoderFailedException(
                $"Reading ffmpeg's output failed: {exception.Message} ffmpeg said:{Environment.NewLine}{process.RecentStderr}", exception));
        }
    }

    /// <summary>Ends the encoder with an error and kills ffmpeg, so a writer blocked on its stdin is released.</summary>
    private void Fail(EncoderFailedException error)
    {
        Finish(error);
        ffmpeg?.Kill();
    }

    private void Finish(Exception? error) => StreamEnd.Finish(output.Writer, completion, error);
}
