using System.Diagnostics.CodeAnalysis;
using System.Net;
using Akka.Actor;
using Akka.Event;
using MediaActors.Operations;
using MediaActors.Protocol.Rtcp;
using MediaActors.Protocol.Rtsp;
using MediaActors.Sessions;

namespace MediaActors.Connections;

/// <summary>
/// The client sessions of one connection, by id, and what concerns all of them: the interleaved
/// channels they use, which of them an RTP sender plays, and the client's receiver reports,
/// which name a track only by its SSRC.
/// </summary>
internal sealed class ClientSessions(ReaderKind interleavedKind)
{
    /// <summary>What the sessions opened from now on are when their media is interleaved (RTSP over TCP, TLS or an HTTP tunnel).</summary>
    public ReaderKind InterleavedKind { get; set; } = interleavedKind;

    private readonly Dictionary<string, ClientSession> _byId = new(StringComparer.Ordinal);
    private readonly List<RtcpPacket> _rtcpPackets = new();

    public int Count => _byId.Count;

    /// <summary>Opens a session; from now on the connection watches the stream's session actor, whose end ends it.</summary>
    public ClientSession Open(string streamPath, IActorRef mediaSession, IPEndPoint client, IActorContext context)
    {
        var session = new ClientSession(streamPath, mediaSession, client, InterleavedKind);
        _byId.Add(session.Id, session);
        context.Watch(mediaSession);
        return session;
    }

    /// <summary>The session a Session header names; false when it is malformed or names none of them.</summary>
    public bool TryFind(string header, [NotNullWhen(true)] out ClientSession? session)
    {
        session = null;
        return SessionHeader.TryParse(header, out var parsed) && _byId.TryGetValue(parsed!.Id, out session);
    }

    /// <summary>The session a request names, or null and the 454 refusing a request without one.</summary>
    public ClientSession? Require(RtspRequest request, out RtspResponse? refusal)
    {
        var header = request.Headers["Session"];
        if (header is not null && TryFind(header, out var session))
        {
            refusal = null;
            return session;
        }

        refusal = RtspResponses.Error(RtspStatus.SessionNotFound, header is null ? "a Session header is required" : "unknown session");
        return null;
    }

    /// <summary>Ends a session (see <see cref="ClientSession.End"/>) and forgets it.</summary>
    public void End(ClientSession session, string reason, IActorContext context, ILoggingAdapter log)
    {
        session.End(reason, context, log);
        _byId.Remove(session.Id);
    }

    /// <summary>The sessions of a stream's session actor.</summary>
    public List<ClientSession> Of(IActorRef mediaSession) =>
        _byId.Values.Where(session => session.MediaSession.Equals(mediaSession)).ToList();

    /// <summary>The sessions of a stream's session actor as readers, for operators.</summary>
    public List<ReaderStatus> ReadersOf(IActorRef mediaSession) => Of(mediaSession).Select(session => session.Status()).ToList();

    /// <summary>The session operators call <paramref name="readerId"/>.</summary>
    public ClientSession? FindReader(string readerId) => _byId.Values.FirstOrDefault(session => session.ReaderId == readerId);

    /// <summary>The session and track an RTP sender plays; false for a sender stopped already.</summary>
    public bool TryFindSender(IActorRef sender, [NotNullWhen(true)] out ClientSession? session, [NotNullWhen(true)] out TrackSetup? track)
    {
        foreach (var candidate in _byId.Values)
        {
            if (candidate.TrackOf(sender) is { } played)
            {
                (session, track) = (candidate, played);
                return true;
            }
        }

        (session, track) = (null, null);
        return false;
    }

    /// <summary>Sends a sender report to the client of the track its sender plays; a stopped sender's is dropped.</summary>
    public void SendSenderReport(MediaSession.SenderReport report)
    {
        if (TryFindSender(report.Subscriber, out _, out var track))
        {
            track.SendSenderReport(report);
        }
    }

    /// <summary>The channel pairs the TCP tracks of this connection use: a new track must not share them.</summary>
    public List<(int Rtp, int Rtcp)> InterleavedChannelsInUse() =>
        _byId.Values.SelectMany(session => session.Tracks)
            .Select(track => track.InterleavedChannels)
            .OfType<(int Rtp, int Rtcp)>()
            .ToList();

    public void StopSenders(IActorContext context)
    {
        foreach (var session in _byId.Values)
        {
            session.StopSenders(context);
        }
    }

    /// <summary>Keeps what the client's receiver reports say about each of our tracks (loss, jitter).</summary>
    public void AccountRtcp(ReadOnlySpan<byte> compound)
    {
        _rtcpPackets.Clear();
        if (!RtcpCompoundReader.TryRead(compound, _rtcpPackets))
        {
            return;
        }

        foreach (var packet in _rtcpPackets)
        {
            var blocks = packet switch
            {
                RtcpReceiverReport receiverReport => receiverReport.ReportBlocks,
                RtcpSenderReport senderReport => senderReport.ReportBlocks,
                _ => [],
            };
            foreach (var block in blocks)
            {
                foreach (var session in _byId.Values)
                {
                    session.Account(block);
                }
            }
        }
    }
}
