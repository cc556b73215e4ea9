using MediaActors.Hardware.K230.Native;

namespace MediaActors.Hardware.K230;

/// <summary>
/// The common video buffer (VB) pools of this process. The MPP takes one pool configuration per
/// process, before kd_mpi_vb_init, and VICAP and VENC both draw their buffers from it; so the
/// sensor and the encoder share one set-up, made by whichever starts first and sized for both,
/// and torn down when the last of them stops.
/// </summary>
internal static class K230VideoBuffers
{
    /// <summary>Frames VICAP captures into ahead of the reader (VICAP_MIN_FRAME_COUNT is 3).</summary>
    public const int SensorBuffers = 4;

    /// <summary>Raw frames that can wait in the encoder at once; the fourth waits for a free block.</summary>
    public const int EncoderInputBuffers = 3;

    /// <summary>Encoded pictures VENC can hold before the reader thread fetches them.</summary>
    public const int EncoderStreamBuffers = 8;

    /// <summary>Media memory is mapped and handed to the hardware in whole pages.</summary>
    private const int PageSize = 4096;

    /// <summary>
    /// The most pools the process may hold, common and private; the SDK samples leave room for the
    /// ones the drivers create for themselves.
    /// </summary>
    private const uint MaxPools = 64;

    private static readonly Lock Gate = new();
    private static int _users;
    private static VideoFormat? _configuredFor;

    /// <summary>Size of a block that holds one NV12 frame of <paramref name="format"/>.</summary>
    public static int FrameBlockSize(VideoFormat format) => AlignToPage(format.FrameSizeBytes);

    /// <summary>
    /// Size of a block for one encoded picture: half a raw frame, as the SDK's VENC sample sizes
    /// it; far more than any picture at the bitrates EncoderSettings allows.
    /// </summary>
    public static int StreamBlockSize(VideoFormat format) => AlignToPage(format.Width * format.Height / 2);

    /// <summary>Sets the pools up for <paramref name="format"/> unless they are already; dispose the lease when done.</summary>
    /// <exception cref="InvalidOperationException">The pools were set up for smaller frames by another user.</exception>
    /// <exception cref="IOException">The MPP refused the configuration.</exception>
    public static IDisposable Acquire(VideoFormat format)
    {
        lock (Gate)
        {
            if (_users == 0)
            {
                Configure(format);
                _configuredFor = format;
            }
            else if (format.FrameSizeBytes > _configuredFor!.FrameSizeBytes)
            {
                throw new InvalidOperationException(
                    $"The K230 video buffers were set up for {_configuredFor.Width}x{_configuredFor.Height} frames and cannot hold {format.Width}x{format.Height}; use one frame size for the sensor and the encoder.");
            }

            _users++;
            return new Lease();
        }
    }

    private static void Configure(VideoFormat format)
    {
        var config = new VideoBufferConfig { MaxPoolCount = MaxPools };
        config.Pools[0] = Pool(FrameBlockSize(format), SensorBuffers + EncoderInputBuffers);
        config.Pools[1] = Pool(StreamBlockSize(format), EncoderStreamBuffers);
        MppResult.Check(MpiMemory.SetConfig(in config), "kd_mpi_vb_set_config");
        MppResult.Check(MpiMemory.Init(), "kd_mpi_vb_init");
    }

    private static VideoBufferPoolConfig Pool(int blockSize, int blockCount) => new()
    {
        BlockSize = (ulong)blockSize,
        BlockCount = (uint)blockCount,
        Mode = VideoBufferRemapMode.NoCache,
    };

    private static int AlignToPage(int size) => (size + PageSize - 1) / PageSize * PageSize;

    private static void Release()
    {
        lock (Gate)
        {
            _users--;
            if (_users == 0)
            {
                _configuredFor = null;
                MppResult.Check(MpiMemory.Exit(), "kd_mpi_vb_exit");
            }
        }
    }

    private sealed class Lease : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Release();
            }
        }
    }
}
