namespace MediaActors.Hardware.Tests.Support;

/// <summary>Renders synthetic sensor frames into one reused buffer, as a sensor actor would.</summary>
internal sealed class FrameSource : IDisposable
{
    private readonly SyntheticNv12Sensor sensor;
    private readonly byte[] frame;

    public FrameSource(VideoFormat format)
    {
        sensor = new SyntheticNv12Sensor(format);
        sensor.Start();
        frame = new byte[format.FrameSizeBytes];
    }

    public ReadOnlyMemory<byte> Render(long frameIndex)
    {
        sensor.Capture(frame, frameIndex);
        return frame;
    }

    public void Dispose() => sensor.Dispose();
}
