using System.Text;
using MediaActors.Protocol.Sdp;
using MediaActors.Sources;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// A session description from a camera's DESCRIBE answer or a publisher's ANNOUNCE:
/// <see cref="SessionDescription.TryParse"/>, then <see cref="ReceivedTrack.Choose"/> reads each
/// m= section's rtpmap and fmtp (sprop-parameter-sets and sprop-vps/sps/pps, with the SPS parsed
/// for the picture format; AAC's config and AU-header sizes) and <see cref="ReceivedTrack.Create"/>
/// makes its depacketizers. Bad SDP ends as false or a refused track, never an exception.
/// </summary>
public sealed class SdpTarget : IFuzzTarget
{
    public string Name => "sdp";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (!SessionDescription.TryParse(Encoding.UTF8.GetString(input), out var description))
        {
            return;
        }

        var refused = new List<string>();
        if (ReceivedTrack.Choose(description, "rtsp://camera.example:554/stream?channel=1", refused) is { } chosen)
        {
            ReceivedTrack.Create(chosen, new SourceTimeline());
        }
    }
}
