namespace MediaActors.Pushing;

/// <summary>What a push sent over its life, across its connections; written by its tracks' senders, read by its stats.</summary>
internal sealed class PushCounters
{
    private long _framesSent, _bytesSent, _framesRefused;

    public long FramesSent => Interlocked.Read(ref _framesSent);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long FramesRefused => Interlocked.Read(ref _framesRefused);

    public void Sent(long bytes)
    {
        Interlocked.Increment(ref _framesSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    public void Refused() => Interlocked.Increment(ref _framesRefused);
}
