using System.Globalization;
using System.Text;
using MediaActors.Connections;
using MediaActors.Protocol.Rtsp;
using MediaActors.Protocol.Sdp;
using MediaActors.Sessions;
using MediaActors.Sources;

namespace MediaActors.Pushing;

/// <summary>
/// One connection to a target server, as a publisher: OPTIONS (to learn whether GET_PARAMETER
/// keeps the session alive), ANNOUNCE of the session's description, SETUP of each track over TCP
/// interleaved in record mode (track N on channels 2N and 2N+1), RECORD. Then
/// <see cref="StartMedia"/> hands its writes to a bounded queue that the tracks' RTP shares, and
/// <see cref="RunAsync"/> keeps the target's session alive until the connection fails. How it
/// failed, it throws (<see cref="RtspSourceException"/>, whose message names the cause).
/// </summary>
internal sealed class PushConnection : IAsyncDisposable
{
    private const string Tool = "MediaActors";

    private readonly RtspClientConnection _connection;
    private readonly RtspPushSettings _settings;
    private ConnectionWriter? _writer;

    private PushConnection(RtspClientConnection connection, RtspPushSettings settings)
    {
        _connection = connection;
        _settings = settings;
    }

    /// <summary>The tracks set up, in the order of the description.</summary>
    public IReadOnlyList<PushedTrack> Tracks { get; private set; } = [];

    /// <summary>Connects to the target and announces, sets up and records <paramref name="described"/>.</summary>
    /// <exception cref="RtspSourceException">The target cannot be reached, refuses a step, or does not answer in time.</exception>
    public static async Task<PushConnection> OpenAsync(RtspPushSettings settings, MediaSession.Described described, CancellationToken cancellation)
    {
        var connection = await RtspClientConnection.ConnectAsync(settings.Url, settings.Credentials, settings.RequestTimeout, cancellation);
        var push = new PushConnection(connection, settings);
        try
        {
            await push.AnnounceAndRecordAsync(described, cancellation);
            return push;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The SDP of ANNOUNCE: the session's tracks as its own DESCRIBE writes them, whose controls
    /// (trackID=N) name the tracks' URLs under the target's.
    /// </summary>
    public static string Description(MediaSession.Described described, string originAddress) =>
        SessionDescriptionWriter.Write(
            new SessionDescriptionOptions(
                SessionName: described.SessionName,
                OriginAddress: originAddress,
                SessionId: (ulong)Random.Shared.NextInt64(1, long.MaxValue),
                SessionVersion: 1,
                Tool: Tool),
            described.Tracks.Select(track => track.Media).ToList());

    /// <summary>The Transport of a track's SETUP: TCP interleaved on the track's pair of channels, to record.</summary>
    public static string TransportFor(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"RTP/AVP/TCP;unicast;interleaved={2 * index}-{(2 * index) + 1};mode=record");

    /// <summary>
    /// From now on every write goes through a queue of at most <paramref name="maxQueuedBytes"/>
    /// media bytes, shared by the tracks' RTP (which it refuses when full) and the keepalives.
    /// </summary>
    public ConnectionWriter StartMedia(long maxQueuedBytes) => _writer = _connection.WriteThrough(maxQueuedBytes);

    /// <summary>Keeps the target's session alive until the connection fails; only ever ends by throwing.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        var writerStopped = _writer?.Completion ?? Task.Delay(Timeout.Infinite, cancellation);
        var keepaliveInterval = _connection.KeepaliveInterval;
        while (true)
        {
            var ended = await Task.WhenAny(Task.Delay(keepaliveInterval, cancellation), _connection.Closed, writerStopped);
            cancellation.ThrowIfCancellationRequested();
            if (ended == _connection.Closed)
            {
                await _connection.Closed;
                throw new RtspSourceException("the target closed the connection");
            }

            if (ended == writerStopped)
            {
                var cause = writerStopped.Exception?.InnerException?.Message ?? "it stopped";
                throw new RtspSourceException($"the connection to the target broke: {cause}");
            }

            await _connection.KeepAliveAsync(_settings.Uri, _settings.RequestTimeout, cancellation);
        }
    }

    /// <summary>TEARDOWN (the target closes its recording cleanly), at most a second, then the connection closes.</summary>
    public async ValueTask DisposeAsync()
    {
        await _connection.TeardownAsync(_settings.Uri);
        await _connection.DisposeAsync();
    }

    private async Task AnnounceAndRecordAsync(MediaSession.Described described, CancellationToken cancellation)
    {
        var uri = _settings.Uri;
        var options = await _connection.OptionsAsync(uri, _settings.RequestTimeout, cancellation);
        if (options.StatusCode == RtspStatus.Unauthorized)
        {
            Require(options, RtspMethods.OPTIONS);
        }

        var sdp = Encoding.UTF8.GetBytes(Description(described, _connection.LocalAddress.ToString()));
        var announce = await _connection.RequestAsync(RtspMethods.ANNOUNCE, uri, sdp, _settings.RequestTimeout, cancellation, ("Content-Type", "application/sdp"));
        Require(announce, RtspMethods.ANNOUNCE);

        var tracks = new List<PushedTrack>();
        for (var index = 0; index < described.Tracks.Count; index++)
        {
            var track = described.Tracks[index];
            var trackUrl = RtspUrl.ResolveControl(uri, track.Media.Control);
            var setup = await _connection.RequestAsync(RtspMethods.SETUP, trackUrl, _settings.RequestTimeout, cancellation, ("Transport", TransportFor(index)));
            Require(setup, RtspMethods.SETUP);
            var channels = (2 * index, (2 * index) + 1);
            if (setup.Headers["Transport"] is { } transport && TransportHeader.TryParse(transport, out var specs) && specs.Count > 0
                && specs[0].Interleaved is { } granted)
            {
                channels = granted;
            }

            tracks.Add(new PushedTrack(track.TrackId, trackUrl, channels));
        }

        var record = await _connection.RequestAsync(RtspMethods.RECORD, uri, _settings.RequestTimeout, cancellation, ("Range", "npt=0.000-"));
        Require(record, RtspMethods.RECORD);
        Tracks = tracks;
    }

    private static void Require(RtspResponse response, string method) => RtspAnswers.RequireOk(response, method, "the target", "has no place to record at this URL");
}
