namespace MediaActors.Operations;

/// <summary>
/// One reader of a session as an operator sees it. <paramref name="Id"/> is unique on the node for
/// the reader's life (what a kick names); <paramref name="Address"/> is the peer's address (or
/// the file or node it goes to); the counters are since it started: media bytes and frames sent,
/// frames it missed because it was slow, and what waits in its queue now.
/// <paramref name="Reception"/> is what the client last said about its reception (RTCP), if it said anything.
/// </summary>
public sealed record ReaderStatus(
    string Id,
    ReaderKind Kind,
    string Address,
    DateTimeOffset Since,
    long BytesSent,
    long FramesSent,
    long FramesDropped,
    long QueuedBytes,
    ReceptionReport? Reception = null)
{
    /// <summary>False for a reader an operator cannot end on its own (a shared output, a recorder, a configured push).</summary>
    public bool Kickable { get; init; } = true;
}

/// <summary>
/// An RTSP client's latest receiver report, over its tracks: the worst recent loss (percent of the
/// packets since its previous report), the packets lost in all, and the worst interarrival jitter.
/// </summary>
public sealed record ReceptionReport(double FractionLostPercent, long CumulativeLost, double JitterMilliseconds);

/// <summary>Ids for readers: a prefix naming the kind of owner and 48 random bits, so ids never repeat on a node in practice.</summary>
public static class ReaderIds
{
    public static string New(string prefix) =>
        $"{prefix}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)).ToLowerInvariant()}";
}
