using MediaActors.Protocol.Sdp;
using MediaActors.Sources;

namespace MediaActors.Fuzz.Targets;

/// <summary>A received track as a camera's DESCRIBE or a publisher's ANNOUNCE of <paramref name="sdp"/> makes it.</summary>
internal static class ReceivedTracks
{
    public static ReceivedTrack Create(string sdp)
    {
        if (!SessionDescription.TryParse(sdp, out var description)
            || ReceivedTrack.Choose(description, "rtsp://camera.example/stream", []) is not { } chosen)
        {
            throw new InvalidOperationException($"the fuzz target's own SDP is not playable: {sdp}");
        }

        return ReceivedTrack.Create(chosen, new SourceTimeline())[^1];
    }
}
