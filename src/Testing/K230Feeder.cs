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
        {
            var accessUnit = accessUnits[(int)(frame % accessUnits.Count)];
            var timestamp = timestampOfFrame(frame);
            if (mode == FeedMode.WholeAccessUnitPerCall)
            {
                server.SendVideoData(session, accessUnit, accessUnit.Length, timestamp);
                return;
            }
            nalUnits.Clear();
            AnnexB.Split(accessUnit, nalUnits);
            foreach (var pack in AnnexB.PacksOf(nalUnits, accessUnit.Length))
            {
                server.SendVideoData(session, accessUnit.AsSpan(pack.Offset, pack.Length), timestamp);
            }
        });
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();
}
