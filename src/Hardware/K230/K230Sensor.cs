using MediaActors.Hardware.K230.Native;

namespace MediaActors.Hardware.K230;

/// <summary>
/// The camera of a Kendryte K230 board: a sensor behind the VICAP (video capture) unit and its
/// ISP, delivering NV12 frames through the MPP user API (kd_mpi_vicap_*). Compile-only until it
/// runs on a board: the struct layouts it relies on are unverified there.
/// </summary>
/// <remarks>
/// <para>Each <see cref="Capture"/> takes the newest frame VICAP has (kd_mpi_vicap_dump_frame),
/// copies it out of media memory into the caller's buffer, row by row because VICAP may pad
/// rows to its stride, and hands the frame back (kd_mpi_vicap_dump_release) at once, so VICAP
/// never runs short of buffers whatever the caller does with the copy.</para>
/// <para>Constructing it anywhere but on a K230 board throws
/// <see cref="PlatformNotSupportedException"/> before any native call.</para>
/// </remarks>
public sealed class K230Sensor : ISensor
{
    /// <summary>VICAP has three devices (VICAP_MAX_DEV_NUMS) with three channels each (VICAP_MAX_CHN_NUMS).</summary>
    private const int DeviceCount = 3;

    private const int ChannelCount = 3;

    /// <summary>A frame is due every 1/fps; waiting far longer means the sensor stopped.</summary>
    private const uint CaptureTimeoutMilliseconds = 1000;

    private readonly int _sensorType;
    private readonly int _device;
    private readonly int _channel;
    private IDisposable? _buffers;
    private bool _disposed;

    /// <summary>Prepares the sensor; nothing runs until <see cref="Start"/>.</summary>
    /// <param name="format">The NV12 frames to deliver; VICAP scales the sensor's picture to this size.</param>
    /// <param name="sensorType">
    /// The k_vicap_sensor_type of the sensor and mode to use, as the board's SDK numbers them in
    /// k_sensor_comm.h (the list differs between SDK releases and boards).
    /// </param>
    /// <param name="device">The VICAP device (0..2) the sensor is wired to.</param>
    /// <param name="channel">The VICAP output channel (0..2) to capture from.</param>
    /// <exception cref="PlatformNotSupportedException">This is not a K230 board with its media library.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A field of <paramref name="format"/>, the device or the channel is out of range.</exception>
    public K230Sensor(VideoFormat format, int sensorType, int device = 0, int channel = 0)
    {
        K230Platform.EnsureBoard("sensor");
        ArgumentNullException.ThrowIfNull(format);
        ArgumentOutOfRangeException.ThrowIfNegative(sensorType);
        ArgumentOutOfRangeException.ThrowIfNegative(device);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(device, DeviceCount);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, ChannelCount);
        Format = format.Validate();
        _sensorType = sensorType;
        _device = device;
        _channel = channel;
    }

    /// <inheritdoc />
    public VideoFormat Format { get; }

    private bool IsStarted => _buffers is not null;

    /// <inheritdoc />
    /// <exception cref="IOException">The MPP refused a step of the set-up; the message names it.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsStarted)
        {
            return;
        }

        _buffers = K230VideoBuffers.Acquire(Format);
        try
        {
            MppResult.Check(MpiVicap.GetSensorInfo(_sensorType, out var sensorInfo), "kd_mpi_vicap_get_sensor_info");
            MppResult.Check(MpiVicap.SetDeviceAttributes(_device, DeviceAttributes(sensorInfo)), "kd_mpi_vicap_set_dev_attr");
            MppResult.Check(MpiVicap.SetChannelAttributes(_device, _channel, ChannelAttributes()), "kd_mpi_vicap_set_chn_attr");
            MppResult.Check(MpiVicap.Init(_device), "kd_mpi_vicap_init");
            MppResult.Check(MpiVicap.StartStream(_device), "kd_mpi_vicap_start_stream");
        }
        catch
        {
            ReleaseBuffers();
            throw;
        }
    }

    /// <inheritdoc />
    public void Stop()
    {
        if (!IsStarted)
        {
            return;
        }

        try
        {
            MppResult.Check(MpiVicap.StopStream(_device), "kd_mpi_vicap_stop_stream");
            MppResult.Check(MpiVicap.Deinit(_device), "kd_mpi_vicap_deinit");
        }
        finally
        {
            ReleaseBuffers();
        }
    }

    /// <summary>Copies the newest frame into <paramref name="destination"/>.</summary>
    /// <param name="destination">Exactly <see cref="VideoFormat.FrameSizeBytes"/> bytes.</param>
    /// <param name="frameIndex">Ignored: a live camera cannot render an earlier frame again.</param>
    /// <exception cref="IOException">No frame came within a second, or the frame has another size.</exception>
    public void Capture(Span<byte> destination, long frameIndex)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!IsStarted)
        {
            throw new InvalidOperationException("Capture was called before Start; start the sensor first.");
        }

        Format.RequireWholeFrame(destination.Length, nameof(destination));
        MppResult.Check(
            MpiVicap.DumpFrame(_device, _channel, VicapDumpFormat.Yuv, out var frame, CaptureTimeoutMilliseconds), "kd_mpi_vicap_dump_frame");
        try
        {
            CopyNv12(frame.Frame, destination);
        }
        catch
        {
            // Released without a check: a failure here would hide the error that matters.
            MpiVicap.DumpRelease(_device, _channel, in frame);
            throw;
        }

        MppResult.Check(MpiVicap.DumpRelease(_device, _channel, in frame), "kd_mpi_vicap_dump_release");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Stop();
    }

    private VicapDeviceAttributes DeviceAttributes(VicapSensorInfo sensorInfo) => new()
    {
        // The whole sensor picture is acquired; the channel scales it to the output size.
        AcquisitionWindow = new VicapWindow { Width = sensorInfo.Width, Height = sensorInfo.Height },
        Mode = VicapWorkMode.Online,
        InputType = VicapInputType.Sensor,
        SensorInfo = sensorInfo,
        DeviceEnable = MppBool.True,
    };

    private VicapChannelAttributes ChannelAttributes()
    {
        var output = new VicapWindow { Width = (ushort)Format.Width, Height = (ushort)Format.Height };
        return new VicapChannelAttributes
        {
            OutputWindow = output,
            CropWindow = output,
            ScaleWindow = output,
            ChannelEnable = MppBool.True,
            PixelFormat = PixelFormatId.YuvSemiPlanar420,
            BufferCount = K230VideoBuffers.SensorBuffers,
            BufferSize = (uint)K230VideoBuffers.FrameBlockSize(Format),
        };
    }

    /// <summary>Copies the Y plane and the interleaved UV plane, dropping the stride padding of each row.</summary>
    private unsafe void CopyNv12(VideoFrame frame, Span<byte> destination)
    {
        if (frame.Width != Format.Width || frame.Height != Format.Height)
        {
            throw new IOException(
                $"VICAP delivered a {frame.Width}x{frame.Height} frame but was set up for {Format.Width}x{Format.Height}.");
        }

        var width = Format.Width;
        var lumaBytes = width * Format.Height;
        var lumaStride = frame.Stride[0] == 0 ? width : (int)frame.Stride[0];
        var chromaStride = frame.Stride[1] == 0 ? lumaStride : (int)frame.Stride[1];
        var chromaAddress = frame.PhysicalAddress[1] == 0
            ? frame.PhysicalAddress[0] + (ulong)(lumaStride * Format.Height)
            : frame.PhysicalAddress[1];
        CopyPlane(frame.PhysicalAddress[0], lumaStride, Format.Height, destination[..lumaBytes]);
        CopyPlane(chromaAddress, chromaStride, Format.Height / 2, destination[lumaBytes..]);
    }

    private void CopyPlane(ulong physicalAddress, int stride, int rows, Span<byte> destination)
    {
        var width = Format.Width;
        using var plane = MappedMemory.Map(physicalAddress, stride * rows);
        for (var row = 0; row < rows; row++)
        {
            plane.Span.Slice(row * stride, width).CopyTo(destination.Slice(row * width, width));
        }
    }

    private void ReleaseBuffers()
    {
        _buffers?.Dispose();
        _buffers = null;
    }
}
