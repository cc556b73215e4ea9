namespace MediaActors.Protocol.Tests.Auth;

/// <summary>A clock that moves only when told, for nonce expiry (Microsoft.Extensions.TimeProvider.Testing is not available here).</summary>
internal sealed class ManualTimeProvider(long startTimestamp = 0) : TimeProvider
{
    private long _timestamp = startTimestamp;

    /// <summary>One timestamp tick per TimeSpan tick, so expiry arithmetic reads plainly.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _timestamp);

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(GetTimestamp());

    public void Advance(TimeSpan by) => Interlocked.Add(ref _timestamp, by.Ticks);
}
