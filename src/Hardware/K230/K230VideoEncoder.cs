using System.Threading.Channels;
using MediaActors.Hardware.K230.Native;
using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware.K230;

/// <summary>
/// The hardware H.264/H.265 encoder (VENC) of a Kendryte K230 board, driven through the MPP user
/// API (kd_mpi_venc_*). Compile-only until it runs on a board: the struct layouts it relies on are
/// unverified there.
/// </summary>
/// <remarks>
/// <para>Frames come in through <see cref="EncodeAsync"/> like for every <see cref="IVideoEncoder"/>:
/// each is copied into a block of media memory (a VB block) and sent to the channel
/// (kd_mpi_venc_send_frame). On the board VICAP could instead be bound straight to VENC
/// (kd_mpi_sys_bind) so frames never leave media memory; taking them through EncodeAsync keeps the
/// actor pipeline (credit, drop counting, restarts) the same on a board and on a PC, at the cost of
/// one copy per frame. A bound camera would be a source of its own, worth it when measured.</para>
/// <para>A dedicated thread fetches the encoded stream (kd_mpi_venc_get_stream /
/// release_stream). VENC hands a picture over as packs of Annex-B with start codes: parameter
/// sets come as header packs ahead of a keyframe, each picture ends with its frame pack. The thread
/// joins them into one <see cref="EncodedPacket"/> per picture and writes it to the bounded
/// <see cref="Output"/>, waiting when it is full: VENC then keeps the packets, runs out of stream
/// buffers and stops taking frames, and <see cref="EncodeAsync"/> fails after its timeout rather
/// than anything being dropped silently.</para>
/// <para>Constructing it anywhere but on a K230 board throws
/// <see cref="PlatformNotSupportedException"/> before any native call.</para>
/// </remarks>
public sealed class K230VideoEncoder : IVideoEncoder
{
    /// <summary>VENC has four channels (VENC_MAX_CHN_NUMS).</summary>
    private const int ChannelCount = 4;

    // A few pictures of slack absorb a consumer's jitter without adding real latency.
    private const int OutputCapacity = 8;

    /// <summary>kd_mpi_venc_get_stream fills at most this many packs per call; more wait for the next one.</summary>
    private const int MaxPacksPerFetch = 16;

    /// <summary>0 lets the driver pick the window its rate control averages over, as CanMV does.</summary>
    private const uint DriverChosenStatisticsWindow = 0;

    /// <summary>
    /// How often the encoder looks again while no encoded pack is waiting or no VB block is free.
    /// The MPP offers no wait that can be told apart from a failure: get_stream's timeout error
    /// looks like any other, so packs are only fetched once query_status reports them.
    /// </summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    /// <summary>How long a frame may wait for a free VB block or for VENC to take it; longer means VENC stalled.</summary>
    private static readonly TimeSpan InputTimeout = TimeSpan.FromSeconds(1);

    private readonly Channel<EncodedPacket> _output = Channel.CreateBounded<EncodedPacket>(
        new BoundedChannelOptions(OutputCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleWriter = true });

    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly uint _channel;
    private IDisposable? _buffers;
    private Task _outputPump = Task.CompletedTask;
    private long _framesSent;
    private int _disposed;

    /// <summary>Prepares the encoder; nothing runs until <see cref="Start"/>.</summary>
    /// <param name="settings">Format, codec (H.264 main or H.265 main profile), CBR bitrate and GOP length.</param>
    /// <param name="channel">The VENC channel (0..3) to use.</param>
    /// <exception cref="PlatformNotSupportedException">This is not a K230 board with its media library.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting or the channel is out of range.</exception>
    public K230VideoEncoder(EncoderSettings settings, int channel = 0)
    {
        K230Platform.EnsureBoard("encoder");
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, ChannelCount);
        Settings = settings.Validate();
        _channel = (uint)channel;
    }

    /// <inheritdoc />
    public EncoderSettings Settings { get; }

    /// <inheritdoc />
    public ChannelReader<EncodedPacket> Output => _output.Reader;

    /// <inheritdoc />
    public Task Completion => _completion.Task;

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <inheritdoc />
    /// <exception cref="IOException">The MPP refused to set up the channel; the message names the call.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (_buffers is not null)
        {
            throw new InvalidOperationException("The encoder is already started.");
        }

        _buffers = K230VideoBuffers.Acquire(Settings.Format);
        try
        {
            MppResult.Check(MpiVenc.CreateChannel(_channel, ChannelAttributes(Settings)), "kd_mpi_venc_create_chn");
            MppResult.Check(MpiVenc.StartChannel(_channel), "kd_mpi_venc_start_chn");
        }
        catch
        {
            // The channel may not exist yet; this clean-up's own result matters less than the error.
            MpiVenc.DestroyChannel(_channel);
            _buffers.Dispose();
            _buffers = null;
            throw;
        }

        _outputPump = Task.Factory.StartNew(PumpOutput, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <inheritdoc />
    /// <exception cref="EncoderFailedException">VENC did not take the frame in time or refused it.</exception>
    public async ValueTask EncodeAsync(ReadOnlyMemory<byte> rawFrame, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (_buffers is null)
        {
            throw new InvalidOperationException("EncodeAsync was called before Start; start the encoder first.");
        }

        Settings.Format.RequireWholeFrame(rawFrame.Length, nameof(rawFrame));
        if (_completion.Task.IsCompleted)
        {
            throw new EncoderFailedException("The encoder has stopped and accepts no more frames.", _completion.Task.Exception?.InnerException);
        }

        try
        {
            // The MPP calls block (for a free block, for room in VENC's queue): keep them off the caller's thread.
            await Task.Run(() => SendFrame(rawFrame, cancellationToken), cancellationToken);
        }
        catch (EncoderFailedException error)
        {
            // A VENC that stopped taking frames will not recover by itself: end the stream so the
            // owner sees the failure on Completion and can restart the encoder.
            StreamEnd.Finish(_output.Writer, _completion, error);
            throw;
        }
    }

    /// <summary>Stops the output thread and the channel and frees the media memory; the output completes without error.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _outputPump;
        if (_buffers is not null)
        {
            MppResult.Check(MpiVenc.StopChannel(_channel), "kd_mpi_venc_stop_chn");
            MppResult.Check(MpiVenc.DestroyChannel(_channel), "kd_mpi_venc_destroy_chn");
            _buffers.Dispose();
        }

        StreamEnd.Finish(_output.Writer, _completion, error: null);
        _stopping.Dispose();
    }

    /// <summary>EncoderSettings as VENC channel attributes: main profile, constant bitrate, an IDR every GOP.</summary>
    private static VencChannelAttributes ChannelAttributes(EncoderSettings settings)
    {
        var format = settings.Format;
        var h264 = settings.Codec == Codec.H264;
        return new VencChannelAttributes
        {
            Encoder = new VencAttributes
            {
                Type = h264 ? PayloadType.H264 : PayloadType.H265,
                Profile = h264 ? VencProfile.H264Main : VencProfile.H265Main,
                PictureWidth = (uint)format.Width,
                PictureHeight = (uint)format.Height,
                StreamBufferSize = (uint)K230VideoBuffers.StreamBlockSize(format),
                StreamBufferCount = K230VideoBuffers.EncoderStreamBuffers,
            },
            RateControl = new VencRateControl
            {
                Mode = VencRateControlMode.ConstantBitrate,
                ConstantBitrate = new VencConstantBitrate
                {
                    Gop = (uint)settings.GopFrames,
                    StatisticsSeconds = DriverChosenStatisticsWindow,
                    SourceFrameRate = (uint)format.FramesPerSecond,
                    TargetFrameRate = (uint)format.FramesPerSecond,
                    BitrateKbps = (uint)settings.BitrateKbps,
                },
            },
        };
    }

    /// <summary>Copies the frame into a VB block and hands it to VENC.</summary>
    private unsafe void SendFrame(ReadOnlyMemory<byte> rawFrame, CancellationToken cancellationToken)
    {
        var format = Settings.Format;
        var block = TakeFreeBlock(cancellationToken);
        try
        {
            var physicalAddress = MpiMemory.PhysicalAddressOf(block);
            using (var mapped = MappedMemory.Map(physicalAddress, rawFrame.Length))
            {
                rawFrame.Span.CopyTo(mapped.Span);
            }

            var frame = new VideoFrameInfo { PoolId = (uint)MpiMemory.PoolIdOf(block) };
            frame.Frame.Width = (uint)format.Width;
            frame.Frame.Height = (uint)format.Height;
            frame.Frame.Field = VideoField.Frame;
            frame.Frame.PixelFormat = PixelFormatId.YuvSemiPlanar420;
            frame.Frame.Stride[0] = (uint)format.Width;
            frame.Frame.Stride[1] = (uint)format.Width;
            frame.Frame.PhysicalAddress[0] = physicalAddress;
            frame.Frame.PhysicalAddress[1] = physicalAddress + (ulong)(format.Width * format.Height);
            frame.Frame.Pts = (ulong)_framesSent;
            var result = MpiVenc.SendFrame(_channel, in frame, (int)InputTimeout.TotalMilliseconds);
            if (result != 0)
            {
                throw new EncoderFailedException("VENC did not take the frame.", MppResult.Failure(result, "kd_mpi_venc_send_frame"));
            }

            _framesSent++;
        }
        catch
        {
            // Released without a check: a failure here would hide the error that matters.
            MpiMemory.ReleaseBlock(block);
            throw;
        }

        // VB blocks are reference counted: VENC holds its own reference to a frame it accepted, so
        // the block goes back to the pool once VENC is done with it too.
        MppResult.Check(MpiMemory.ReleaseBlock(block), "kd_mpi_vb_release_block");
    }

    /// <summary>A free block of the frame pool; waits for VENC to return one when all are in use.</summary>
    private unsafe uint TakeFreeBlock(CancellationToken cancellationToken)
    {
        var blockSize = (ulong)K230VideoBuffers.FrameBlockSize(Settings.Format);
        var deadline = Environment.TickCount64 + (long)InputTimeout.TotalMilliseconds;
        while (true)
        {
            var block = MpiMemory.GetBlock(MpiMemory.Invalid, blockSize, mmzName: null);
            if (block != MpiMemory.Invalid)
            {
                return block;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new EncoderFailedException(
                    $"No free video buffer block for a frame within {InputTimeout.TotalSeconds} s: VENC has stopped taking frames.");
            }

            cancellationToken.WaitHandle.WaitOne(PollInterval);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The output thread: fetches packs until the encoder is disposed or fails.</summary>
    private void PumpOutput()
    {
        var picture = new MemoryStream();
        long frameIndex = 0;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                MppResult.Check(MpiVenc.QueryStatus(_channel, out var status), "kd_mpi_venc_query_status");
                if (status.CurrentPacks == 0)
                {
                    _stopping.Token.WaitHandle.WaitOne(PollInterval);
                    continue;
                }

                foreach (var (annexB, endsPicture) in FetchPacks(Math.Min(status.CurrentPacks, MaxPacksPerFetch)))
                {
                    picture.Write(annexB);
                    if (endsPicture)
                    {
                        var packet = new EncodedPacket(picture.ToArray(), frameIndex++);
                        picture.SetLength(0);
                        _output.Writer.WriteAsync(packet, _stopping.Token).AsTask().GetAwaiter().GetResult();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // DisposeAsync stopped the thread while it waited for room in the output.
        }
        catch (Exception exception)
        {
            StreamEnd.Finish(_output.Writer, _completion, new EncoderFailedException($"Reading VENC's output failed: {exception.Message}", exception));
        }
    }

    /// <summary>
    /// Fetches up to <paramref name="count"/> packs and copies them out, so that the stream goes
    /// back to VENC before the thread waits for room in the output. Each comes with whether it ends
    /// a picture: every pack but a parameter set header does.
    /// </summary>
    private unsafe List<(byte[] AnnexB, bool EndsPicture)> FetchPacks(uint count)
    {
        var packs = stackalloc VencPack[(int)count];
        var stream = new VencStream { Packs = packs, PackCount = count };
        MppResult.Check(MpiVenc.GetStream(_channel, ref stream, 0), "kd_mpi_venc_get_stream");
        var copies = new List<(byte[] AnnexB, bool EndsPicture)>((int)stream.PackCount);
        try
        {
            for (var i = 0; i < stream.PackCount; i++)
            {
                using var pack = MappedMemory.Map(packs[i].PhysicalAddress, (int)packs[i].Length);
                copies.Add((pack.Span.ToArray(), packs[i].Type != VencPackType.Header));
            }
        }
        finally
        {
            MppResult.Check(MpiVenc.ReleaseStream(_channel, ref stream), "kd_mpi_venc_release_stream");
        }

        return copies;
    }
}
