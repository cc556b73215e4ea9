using MediaActors.Protocol.Codecs;

namespace MediaActors.Testing;

/// <summary>How a caller splits encoder output over SendVideoData calls.</summary>
public enum FeedMode
{
    /// <summary>One call per NAL unit with its start code, as the K230 sample sends each pack.</summary>
    OneNalUnitPerCall,

    /// <summary>One call per access unit.</summary>
    WholeAccessUnitPerCall,
}

/// <summary>
/// Plays the part of the K230 sample's streaming thread: loops over real access units at the
/// frame rate and pushes them with SendVideoData and a caller timestamp (the sample's constant 1000 by default).
/// </summary>
public sealed class K230Feeder : IAsyncDisposable
{
    private readonly CaptureLoop _loop;

    public K230Feeder(RtspServer server, string session, IReadOnlyList<byte[]> accessUnits, FeedMode mode,
        Func<long, ulong>? timestampOfFrame = null)
    {
        timestampOfFrame ??= _ => 1000;
        var nalUnits = new List<NalUnitRange>();
        _loop = new CaptureLoop(EncodedTestStream.FramesPerSecond, frame =>
            Send(server, session, accessUnits[(int)(frame % accessUnits.Count)], mode, timestampOfFrame(frame), nalUnits));
    }

    /// <summary>Hands one access unit to SendVideoData as the sample's streaming thread would, in the calls <paramref name="mode"/> splits it into.</summary>
    /// <param name="nalUnits">Scratch space for the split, reused by a caller that sends many.</param>
    public static void Send(RtspServer server, string session, byte[] accessUnit, FeedMode mode, ulong timestamp, List<NalUnitRange>? nalUnits = null)
    {
        if (mode == FeedMode.WholeAccessUnitPerCall)
        {
            server.SendVideoData(session, accessUnit, accessUnit.Length, timestamp);
            return;
        }

        nalUnits ??= new List<NalUnitRange>();
        nalUnits.Clear();
        AnnexB.Split(accessUnit, nalUnits);
        foreach (var pack in AnnexB.PacksOf(nalUnits, accessUnit.Length))
        {
            server.SendVideoData(session, accessUnit.AsSpan(pack.Offset, pack.Length), timestamp);
        }
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();
}
