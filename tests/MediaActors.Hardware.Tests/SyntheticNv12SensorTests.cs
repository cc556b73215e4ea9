using System.Diagnostics;

namespace MediaActors.Hardware.Tests;

public sealed class SyntheticNv12SensorTests(ITestOutputHelper output)
{
    private static readonly VideoFormat Hd = new(1280, 720, 30);

    [Theory]
    [InlineData(16, 16)]
    [InlineData(320, 240)]
    [InlineData(1280, 720)]
    [InlineData(18, 1000)]
    public void FillsExactlyOneFrameWithLegalVideoLevels(int width, int height)
    {
        using var sensor = StartedSensor(new VideoFormat(width, height, 30));
        var frameSize = sensor.Format.FrameSizeBytes;
        const byte Guard = 0xA5;
        // Zero is below every legal level, so the range checks below also prove every byte was written.
        byte[] buffer = [.. new byte[frameSize], Guard];

        sensor.Capture(buffer.AsSpan(0, frameSize), frameIndex: 123);

        Assert.Equal(Guard, buffer[^1]);
        var lumaSize = width * height;
        Assert.All(buffer[..lumaSize], y => Assert.InRange(y, (byte)16, (byte)235));
        Assert.All(buffer[lumaSize..frameSize], uv => Assert.InRange(uv, (byte)16, (byte)240));
    }

    [Fact]
    public void ConsecutiveFramesDiffer()
    {
        using var sensor = StartedSensor(Hd);

        for (long frameIndex = 0; frameIndex < 60; frameIndex++)
        {
            Assert.False(Capture(sensor, frameIndex).AsSpan().SequenceEqual(Capture(sensor, frameIndex + 1)), $"frame {frameIndex} equals the next");
        }
    }

    [Fact]
    public void TheSameIndexRendersTheSameImage()
    {
        using var sensor = StartedSensor(Hd);

        var first = Capture(sensor, 5);
        Capture(sensor, 6);

        Assert.Equal(first, Capture(sensor, 5));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void RejectsABufferOfTheWrongSize(int sizeError)
    {
        using var sensor = StartedSensor(Hd);

        var error = Assert.Throws<ArgumentException>(() => sensor.Capture(new byte[Hd.FrameSizeBytes + sizeError], 0));

        Assert.Equal("destination", error.ParamName);
    }

    [Fact]
    public void CaptureOutsideStartAndStopThrows()
    {
        using var sensor = new SyntheticNv12Sensor(Hd);
        var frame = new byte[Hd.FrameSizeBytes];

        Assert.Throws<InvalidOperationException>(() => sensor.Capture(frame, 0));
        sensor.Start();
        sensor.Stop();
        Assert.Throws<InvalidOperationException>(() => sensor.Capture(frame, 0));
    }

    [Fact]
    public void RejectsAnInvalidFormat()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticNv12Sensor(new VideoFormat(1279, 720, 30)));
    }

    [Fact]
    public void RendersHdAt30FpsForWellUnderATenthOfACore()
    {
        using var sensor = StartedSensor(Hd);
        var frame = new byte[Hd.FrameSizeBytes];
        sensor.Capture(frame, 0);
        const int Frames = 90;

        var stopwatch = Stopwatch.StartNew();
        for (long frameIndex = 1; frameIndex <= Frames; frameIndex++)
        {
            sensor.Capture(frame, frameIndex);
        }

        var millisecondsPerFrame = stopwatch.Elapsed.TotalMilliseconds / Frames;
        output.WriteLine($"1280x720 capture: {millisecondsPerFrame:F3} ms per frame");
        var tenthOfACoreAt30Fps = 1000.0 / Hd.FramesPerSecond / 10;
        Assert.True(millisecondsPerFrame < tenthOfACoreAt30Fps, $"{millisecondsPerFrame:F3} ms per frame");
    }

    private static SyntheticNv12Sensor StartedSensor(VideoFormat format)
    {
        var sensor = new SyntheticNv12Sensor(format);
        sensor.Start();
        return sensor;
    }

    private static byte[] Capture(SyntheticNv12Sensor sensor, long frameIndex)
    {
        var frame = new byte[sensor.Format.FrameSizeBytes];
        sensor.Capture(frame, frameIndex);
        return frame;
    }
}
