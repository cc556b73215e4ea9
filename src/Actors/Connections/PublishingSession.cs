using System.Security.Cryptography;
using MediaActors.Protocol.Rtsp;
using MediaActors.Sources;

namespace MediaActors.Connections;

/// <summary>
/// A connection's publishing, from the granted ANNOUNCE: the path, the announced tracks and which
/// of them were set up (and how their packets arrive), and, from RECORD on, where received frames
/// go. One per connection; a publishing connection plays nothing.
/// </summary>
internal sealed class PublishingSession : IDisposable
{
    private readonly CancellationTokenSource _receiving = new();
    private readonly HashSet<ReceivedTrack> _setUp = new();

    public PublishingSession(string path, IReadOnlyList<ReceivedTrack> tracks, Publishing.Granted granted)
    {
        Path = path;
        Tracks = tracks;
        Granted = granted;
    }

    /// <summary>The RTSP session id the publisher uses from SETUP on.</summary>
    public string Id { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    public string Path { get; }

    public IReadOnlyList<ReceivedTrack> Tracks { get; }

    public Publishing.Granted Granted { get; }

    public RtpReceivers Receivers { get; } = new();

    /// <summary>Set from RECORD on.</summary>
    public StreamReceiver? Receiver { get; private set; }

    public bool IsSetUp(ReceivedTrack track) => _setUp.Contains(track);

    public bool AnySetUp => _setUp.Count > 0;

    /// <summary>The announced track a SETUP URL names: its control URL, compared by path (hosts are written in many ways).</summary>
    public ReceivedTrack? TrackOf(string uri)
    {
        if (!RtspUrl.TryParse(uri, out var requested) || requested is null)
        {
            return null;
        }

        foreach (var track in Tracks)
        {
            if (RtspUrl.TryParse(track.ControlUri, out var control) && control!.Path == requested.Path)
            {
                return track;
            }
        }

        // A single-track publisher may set up the announced URL itself.
        return Tracks.Count == 1 && requested.Path == Path ? Tracks[0] : null;
    }

    /// <summary>The interleaved channels a track gets when the publisher names none: the first free pair.</summary>
    public (int Rtp, int Rtcp) FreeChannels()
    {
        for (var rtp = 0; rtp < 255; rtp += 2)
        {
            if (!Receivers.IsMapped((byte)rtp) && !Receivers.IsMapped((byte)(rtp + 1)))
            {
                return (rtp, rtp + 1);
            }
        }

        throw new InvalidOperationException("no free interleaved channels");
    }

    public void SetUp(ReceivedTrack track) => _setUp.Add(track);

    /// <summary>RECORD: from now on received packets become frames for the publish point.</summary>
    public void Record()
    {
        Receiver = new StreamReceiver(Tracks, Granted.Connection, Granted.Point, Granted.Inbox);
        Receivers.Start(Receiver, _receiving.Token);
    }

    /// <summary>The value of the Session header of replies.</summary>
    public string Header(TimeSpan timeout) => new SessionHeader(Id, (int)timeout.TotalSeconds).ToString();

    public void Dispose()
    {
        _receiving.Cancel();
        _receiving.Dispose();
        Receivers.Dispose();
    }
}
