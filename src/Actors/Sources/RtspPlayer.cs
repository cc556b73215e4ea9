using System.Globalization;
using System.Net;
using Akka.Actor;
using Akka.Event;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtsp;
using MediaActors.Protocol.Sdp;

namespace MediaActors.Sources;

/// <summary>
/// One connection to a camera, as a player: DESCRIBE (following redirects), SETUP of its first
/// playable video track and first playable audio track over UDP or TCP, PLAY, then receiving until
/// cancelled or until something fails: the connection closes, the camera says BYE, no media comes
/// for the stall timeout, a keepalive goes unanswered. It keeps the camera's session alive
/// (GET_PARAMETER or OPTIONS within its timeout) and sends it RTCP receiver reports. What it
/// learns and receives it tells the source actor, tagged with its attempt number; how it ended,
/// it throws (<see cref="RtspSourceException"/>, whose message names the cause).
/// </summary>
internal sealed partial class RtspPlayer(
    RtspSourceSettings settings,
    PullTransport transport,
    int attempt,
    IActorRef source,
    SourceTimeline timeline,
    PullInbox inbox,
    ILoggingAdapter log)
{
    private const int MaxRedirects = 3;

    private static readonly TimeSpan MonitorTick = TimeSpan.FromMilliseconds(250);

    private readonly string _cname = "mediaactors-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
    private readonly uint _receiverSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);

    /// <summary>Connects, describes and, unless <paramref name="describeOnly"/>, plays until <paramref name="cancellation"/> or a failure.</summary>
    public async Task RunAsync(bool describeOnly, CancellationToken cancellation)
    {
        var (connection, uri, description, response) = await DescribeAsync(cancellation);
        await using (connection)
        {
            var tracks = ChooseTracks(description, ContentBase(response, uri));
            source.Tell(new RtspSource.Described(attempt, tracks[0].Codec, tracks.Count > 1 ? tracks[1].Codec : null));
            if (describeOnly)
            {
                return;
            }

            using var receivers = new RtpReceivers();
            connection.Interleaved = receivers.OnInterleaved;
            await SetupAsync(connection, tracks, receivers, cancellation);
            var play = await connection.RequestAsync(RtspMethods.PLAY, uri, settings.RequestTimeout, cancellation, ("Range", "npt=0.000-"));
            Require(play, RtspMethods.PLAY);
            timeline.BeginConnection();
            var receiver = new StreamReceiver(tracks, attempt, source, inbox);
            receivers.Start(receiver, cancellation);
            source.Tell(new RtspSource.Playing(attempt, transport, tracks));
            try
            {
                await MonitorAsync(connection, uri, receiver, receivers, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                await connection.TeardownAsync(uri);
            }
        }
    }

    /// <summary>OPTIONS (to learn whether GET_PARAMETER keeps the session alive), then DESCRIBE; a 3xx moves to its Location.</summary>
    private async Task<(RtspClientConnection Connection, string Uri, SessionDescription Description, RtspResponse Response)> DescribeAsync(CancellationToken cancellation)
    {
        var url = settings.Url;
        for (var redirects = 0; ; redirects++)
        {
            var uri = url.ToAbsoluteUri();
            var connection = await RtspClientConnection.ConnectAsync(url, settings.Credentials, settings.RequestTimeout, cancellation);
            try
            {
                await connection.OptionsAsync(uri, settings.RequestTimeout, cancellation);
                var response = await connection.RequestAsync(RtspMethods.DESCRIBE, uri, settings.RequestTimeout, cancellation, ("Accept", "application/sdp"));
                if (response.StatusCode is >= 300 and < 400 && response.Headers["Location"] is { } location)
                {
                    if (redirects == MaxRedirects)
                    {
                        throw new RtspSourceException($"the camera redirected more than {MaxRedirects} times (last to {location})");
                    }

                    if (!RtspUrl.TryParseWithCredentials(location, out var next, out _) || next.Host.Length == 0)
                    {
                        throw new RtspSourceException($"the camera redirected to '{location}', which is not an rtsp:// URL");
                    }

                    log.Info("Source {0}: {1} redirects to {2}", settings.SessionName, uri, next.ToAbsoluteUri());
                    url = next;
                    await connection.DisposeAsync();
                    continue;
                }

                Require(response, RtspMethods.DESCRIBE);
                var sdp = System.Text.Encoding.UTF8.GetString(response.Body);
                if (!SessionDescription.TryParse(sdp, out var description))
                {
                    throw new RtspSourceException("the camera's DESCRIBE answer is not a session description (SDP)");
                }

                return (connection, uri, description!, response);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The first playable video track, then the first playable audio track; other media are named in the log and left out.</summary>
    private List<ReceivedTrack> ChooseTracks(SessionDescription description, string baseUri)
    {
        var refused = new List<string>();
        var chosen = ReceivedTrack.Choose(description, baseUri, refused)
            ?? throw new RtspSourceException("the camera's stream has no playable video" + (refused.Count > 0 ? ": " + string.Join("; ", refused) : ""));
        foreach (var reason in refused)
        {
            log.Warning("Source {0}: a track is left out: {1}", settings.SessionName, reason);
        }

        return ReceivedTrack.Create(chosen, timeline);
    }

    /// <summary>RFC 2326 C.1.1: controls are relative to Content-Base, else Content-Location, else the request URL.</summary>
    private static string ContentBase(RtspResponse response, string requestUri) =>
        response.Headers["Content-Base"] ?? response.Headers["Content-Location"] ?? requestUri;

    /// <summary>Until something fails: watches for the end of the connection, BYE and stalls; sends keepalives and receiver reports.</summary>
    private async Task MonitorAsync(RtspClientConnection connection, string uri, StreamReceiver receiver, RtpReceivers receivers, CancellationToken cancellation)
    {
        var keepaliveInterval = connection.KeepaliveInterval;
        var playingSince = MonotonicClock.NowMicros;
        var nextKeepalive = playingSince + (long)keepaliveInterval.TotalMicroseconds;
        var nextReport = playingSince + (long)settings.ReceiverReportInterval.TotalMicroseconds;
        while (true)
        {
            var ended = await Task.WhenAny(Task.Delay(MonitorTick, cancellation), connection.Closed, receiver.Goodbye, receivers.Failed);
            cancellation.ThrowIfCancellationRequested();
            if (ended == connection.Closed)
            {
                await connection.Closed;
                throw new RtspSourceException("the camera closed the connection");
            }

            if (ended == receiver.Goodbye)
            {
                throw new RtspSourceException("the camera ended the stream (RTCP BYE)");
            }

            if (ended == receivers.Failed)
            {
                await receivers.Failed;
            }

            var now = MonotonicClock.NowMicros;
            var silentMicros = now - receiver.LastPacketMicros;
            if (!receiver.AnyPacket && transport == PullTransport.Udp && settings.Transport == PullTransport.Auto
                && silentMicros > settings.UdpFallbackAfter.TotalMicroseconds)
            {
                await connection.TeardownAsync(uri);
                throw new RtspSourceException($"no RTP over UDP within {settings.UdpFallbackAfter.TotalSeconds:0.#} s of PLAY", noUdpMedia: true);
            }

            if (silentMicros > settings.StallTimeout.TotalMicroseconds)
            {
                throw new RtspSourceException($"no media from the camera for {settings.StallTimeout.TotalSeconds:0.#} s");
            }

            if (now >= nextKeepalive)
            {
                nextKeepalive = now + (long)keepaliveInterval.TotalMicroseconds;
                await connection.KeepAliveAsync(uri, settings.RequestTimeout, cancellation);
            }

            if (now >= nextReport)
            {
                nextReport = now + (long)settings.ReceiverReportInterval.TotalMicroseconds;
                foreach (var track in receiver.Tracks)
                {
                    if (track.ReceiverReport(_receiverSsrc, _cname, now) is { } report)
                    {
                        await receivers.SendRtcpAsync(track, report, (channel, bytes) => connection.SendInterleavedAsync(channel, bytes, cancellation), cancellation);
                    }
                }
            }
        }
    }

    private static string FormatPorts((int Rtp, int Rtcp) ports) =>
        string.Create(CultureInfo.InvariantCulture, $"{ports.Rtp}-{ports.Rtcp}");

    private static IPAddress ReceiveAddressFor(IPAddress camera) =>
        camera.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;

    private static void Require(RtspResponse response, string method) => RtspAnswers.RequireOk(response, method, "the camera", "has no stream at this URL");
}
