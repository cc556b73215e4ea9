using System.Threading.Channels;
using MediaActors.Hardware.Ffmpeg;
using MediaActors.Hardware.Files;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware.FfmpegInput;

/// <summary>
/// Runs the ffmpeg of an <see cref="FfmpegInputPlan"/> and reads its Annex-B output as whole pictures,
/// from the first keyframe whose parameter sets are known, on a thread of its own.
/// </summary>
/// <remarks>
/// <para>The output is split with the same machinery as a recorded file (<see cref="AnnexBNalUnitStream"/>,
/// the codec's access unit assembler, <see cref="PictureCollector"/>). Raw Annex-B does not say where
/// a picture ends: its last NAL unit is known complete only when the next start code arrives, so a
/// picture comes out when the next one begins, one frame after ffmpeg wrote it. A picture is handed
/// out as soon as everything that arrived has been read, so that adds nothing more.</para>
/// <para>The pictures wait in a bounded channel; when nobody reads it, the thread stops reading and
/// ffmpeg blocks on its pipe. The reader (the camera's source actor) always drains it and drops
/// instead, since a live input cannot wait.</para>
/// <para>Any end of ffmpeg's output that <see cref="DisposeAsync"/> did not cause completes
/// <see cref="Pictures"/> with an <see cref="EncoderFailedException"/> naming the input, the exit code
/// and ffmpeg's last stderr lines: a camera does not end.</para>
/// </remarks>
public sealed class FfmpegInputStream : IAsyncDisposable
{
    private const int Capacity = 4;

    private readonly FfmpegInputPlan _plan;
    private readonly Channel<AnnexBAccessUnit> _pictures = Channel.CreateBounded<AnnexBAccessUnit>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });

    private readonly CancellationTokenSource _stopping = new();
    private FfmpegProcess? _ffmpeg;
    private Task _reader = Task.CompletedTask;
    private int _disposed;

    public FfmpegInputStream(FfmpegInputPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _plan = plan;
    }

    /// <summary>Whole pictures in decoding order, each with its parameter sets before a keyframe.</summary>
    public ChannelReader<AnnexBAccessUnit> Pictures => _pictures.Reader;

    /// <summary>The ffmpeg child's process id once started.</summary>
    public int? ProcessId => _ffmpeg?.Id;

    /// <summary>Starts ffmpeg and the thread that reads it.</summary>
    /// <exception cref="InvalidOperationException">ffmpeg could not be run.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_ffmpeg is not null)
        {
            throw new InvalidOperationException("The input is already started.");
        }

        var ffmpeg = FfmpegProcess.Start(_plan.Executable, _plan.Arguments);
        _ffmpeg = ffmpeg;
        _reader = Task.Factory.StartNew(() => Read(ffmpeg, _stopping.Token), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Kills ffmpeg (a live input has nothing to flush) and waits for the reading thread; the pictures complete without error.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_ffmpeg is not null)
        {
            _ffmpeg.Kill();
            await _reader;
            await _ffmpeg.DisposeAsync();
        }

        _pictures.Writer.TryComplete();
        _stopping.Dispose();
    }

    private void Read(FfmpegProcess ffmpeg, CancellationToken stopping)
    {
        try
        {
            ReadPictures(ffmpeg, stopping);
            var exitCode = ffmpeg.WaitForExitAsync(stopping).GetAwaiter().GetResult();
            _pictures.Writer.TryComplete(new EncoderFailedException(
                $"ffmpeg input '{_plan.Input}' ended: ffmpeg exited with code {exitCode}. It said:{Environment.NewLine}{ffmpeg.RecentStderr}"));
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // DisposeAsync killed ffmpeg: a cut-off stream is the expected end.
            _pictures.Writer.TryComplete();
        }
        catch (Exception error)
        {
            ffmpeg.Kill();
            _pictures.Writer.TryComplete(new EncoderFailedException(
                $"Reading ffmpeg input '{_plan.Input}' failed: {error.Message} ffmpeg said:{Environment.NewLine}{ffmpeg.RecentStderr}", error));
        }
    }

    private void ReadPictures(FfmpegProcess ffmpeg, CancellationToken stopping)
    {
        var nalUnits = new AnnexBNalUnitStream(ffmpeg.Output, AnnexBFileReader.MaxAccessUnitBytes, $"ffmpeg input '{_plan.Input}'");
        var assembler = CodecFormat.OfVideo(_plan.Codec).CreateAssembler();
        var parts = new List<AccessUnit>();
        var picture = new PictureCollector();
        var playing = false;
        while (nalUnits.TryRead(out var nalUnit, out var offset))
        {
            parts.Clear();
            // The unit is a fresh array without start code: Push takes it over as one NAL unit.
            assembler.Push(nalUnit, parts);
            foreach (var part in parts)
            {
                if (part.StartsNewPicture)
                {
                    Emit(picture, stopping);
                    // Until the first keyframe with its parameter sets (an input joined mid-GOP), pictures are skipped.
                    playing |= part.IsKeyframe && assembler.HasParameterSets;
                }

                if (!playing)
                {
                    continue;
                }

                if (picture.IsEmpty)
                {
                    picture.Start(offset);
                }

                picture.Add(part);
                if (picture.Bytes > AnnexBFileReader.MaxAccessUnitBytes)
                {
                    throw new InvalidDataException($"a picture is larger than {AnnexBFileReader.MaxAccessUnitBytes} bytes");
                }
            }

            // Everything that has arrived is read: what was collected is all of its picture
            // (the next picture's first NAL unit would otherwise have ended it).
            if (!nalUnits.HasCompleteNalUnit)
            {
                Emit(picture, stopping);
            }
        }

        Emit(picture, stopping);
    }

    private void Emit(PictureCollector picture, CancellationToken stopping)
    {
        if (picture.IsEmpty)
        {
            return;
        }

        var finished = picture.Finish();
        while (!_pictures.Writer.TryWrite(finished))
        {
            if (!_pictures.Writer.WaitToWriteAsync(stopping).AsTask().GetAwaiter().GetResult())
            {
                return;
            }
        }
    }
}
