using System.Globalization;
using MediaActors.LoadClient.Rtp;
using MediaActors.LoadClient.Rtsp;
using MediaActors.LoadClient.Udp;
using MediaActors.Protocol.Formats;

namespace MediaActors.LoadClient;

/// <summary>
/// One RTSP client of a run: an RTSP connection that sets up and plays the stream's video
/// (OPTIONS, DESCRIBE, SETUP, PLAY), receives it over UDP or interleaved TCP into
/// <see cref="Statistics"/>, keeps the session alive and tears it down. Failures never throw:
/// they go to the run's <see cref="ErrorLog"/>, prefixed with the client's number.
/// </summary>
public sealed class LoadSession(int number, LoadOptions options, ErrorLog errors) : IStreamClient
{
    // Over TCP a buffer holds at least one whole interleaved frame (4 + 65,535 bytes); over UDP it only sees responses.
    private const int InterleavedBufferBytes = 128 * 1024;
    private const int ResponseBufferBytes = 16 * 1024;
    private static readonly TimeSpan TeardownTimeout = TimeSpan.FromSeconds(3);

    private RtspConnection? _connection;
    private UdpRtpReceiver? _udp;
    private string? _playUrl;
    private string? _sessionId;
    private int _rtpChannel;
    private volatile bool _stopping;

    public RtpStatistics Statistics { get; } = new();

    IReceiveStatistics IStreamClient.Statistics => Statistics;

    /// <summary>True once PLAY was answered with 200.</summary>
    public bool IsPlaying { get; private set; }

    public int? GrantedReceiveBufferBytes => options.Transport == StreamTransport.Tcp ? _connection?.GrantedReceiveBufferBytes : _udp?.GrantedReceiveBufferBytes;

    public string? NegotiatedTls => _connection?.NegotiatedTls;

    public async Task StartAsync(CancellationToken cancellation)
    {
        try
        {
            var url = options.Url.OriginalString;
            var overTcp = options.Transport == StreamTransport.Tcp;
            _connection = await RtspConnection.ConnectAsync(options.Url, overTcp ? InterleavedBufferBytes : ResponseBufferBytes,
                overTcp ? options.ReceiveBufferBytes : null, OnInterleavedFrame, cancellation);
            _ = ReportUnexpectedEndAsync(_connection.Ended, "RTSP connection");

            await RequestAsync("OPTIONS", url);
            var describe = await RequestAsync("DESCRIBE", url, ("Accept", "application/sdp"));
            var sdp = SessionDescription.Parse(describe.Body);
            var video = sdp.Video ?? throw new InvalidDataException("the SDP has no video stream");
            if (video.Codec is null)
            {
                errors.Add($"client {number}: the video codec is neither H.264 nor H.265, so no keyframe will be recognised");
            }

            Statistics.Codec = video.Codec;
            var baseUrl = describe.Header("Content-Base") ?? describe.Header("Content-Location") ?? url;
            _playUrl = ControlUrl.Resolve(baseUrl, sdp.Control);

            var setup = await RequestAsync("SETUP", ControlUrl.Resolve(baseUrl, video.Control), ("Transport", OpenTransport()));
            _sessionId = setup.SessionId ?? throw new InvalidDataException("the SETUP reply has no Session header");
            _rtpChannel = TransportReply.InterleavedRtpChannel(setup.Header("Transport")) ?? 0;
            if (options.Transport == StreamTransport.Multicast)
            {
                JoinGroup(setup.Header("Transport"));
            }

            Statistics.PlaySent();
            await RequestAsync("PLAY", _playUrl, ("Session", _sessionId), ("Range", "npt=0.000-"));
            IsPlaying = true;
        }
        catch (Exception error)
        {
            // A setup cut short by the end of the run is not the server's fault.
            if (!cancellation.IsCancellationRequested)
            {
                errors.Add($"client {number}: {error.Message}");
            }
        }
    }

    /// <summary>GET_PARAMETER in the session, so that the server does not time it out.</summary>
    public async Task KeepAliveAsync()
    {
        if (!IsPlaying || _stopping)
        {
            return;
        }

        try
        {
            await RequestAsync("GET_PARAMETER", _playUrl!, ("Session", _sessionId!));
        }
        catch (Exception error)
        {
            if (!_stopping)
            {
                errors.Add($"client {number}: keepalive: {error.Message}");
            }
        }
    }

    /// <summary>TEARDOWN when a session was set up; the sockets close in <see cref="DisposeAsync"/>.</summary>
    public async Task TeardownAsync()
    {
        _stopping = true;
        if (_connection is null || _sessionId is null || _connection.Ended.IsCompleted)
        {
            return;
        }

        try
        {
            await _connection.RequestAsync("TEARDOWN", _playUrl!, TeardownTimeout, ("Session", _sessionId));
        }
        catch (Exception error)
        {
            errors.Add($"client {number}: TEARDOWN: {error.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_udp is not null)
        {
            await _udp.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    /// <summary>
    /// The Transport header for SETUP. Over UDP it first binds the port pair, on the address our
    /// RTSP connection uses (where the server will send), and starts receiving, so that no packet
    /// sent right after PLAY is missed.
    /// </summary>
    private string OpenTransport()
    {
        if (options.Transport == StreamTransport.Tcp)
        {
            return "RTP/AVP/TCP;unicast;interleaved=0-1";
        }

        if (options.Transport == StreamTransport.Multicast)
        {
            return "RTP/AVP;multicast";
        }

        _udp = UdpRtpReceiver.Bind(_connection!.LocalAddress, options.ReceiveBufferBytes, Statistics);
        _ = ReportUnexpectedEndAsync(_udp.Ended, "UDP receive");
        return string.Create(CultureInfo.InvariantCulture, $"RTP/AVP;unicast;client_port={_udp.RtpPort}-{_udp.RtcpPort}");
    }

    /// <summary>A multicast reader joins the group its SETUP reply names before PLAY, so that it misses nothing sent after it.</summary>
    private void JoinGroup(string? transport)
    {
        var (group, ports) = TransportReply.MulticastGroup(transport) ?? throw new InvalidDataException($"no multicast group in the SETUP reply's Transport '{transport}'");
        _udp = UdpRtpReceiver.Join(group, ports, options.ReceiveBufferBytes, Statistics);
        _ = ReportUnexpectedEndAsync(_udp.Ended, "multicast receive");
    }

    private void OnInterleavedFrame(byte channel, ReadOnlySpan<byte> payload)
    {
        // Over UDP nothing is interleaved; over TCP the odd channel carries RTCP, which is not measured.
        if (options.Transport == StreamTransport.Tcp && channel == _rtpChannel)
        {
            Statistics.Add(payload);
        }
    }

    /// <summary>A request that must be answered 200; any other status is an error naming the method.</summary>
    private async Task<RtspResponse> RequestAsync(string method, string url, params (string Name, string Value)[] headers)
    {
        var response = await _connection!.RequestAsync(method, url, options.RequestTimeout, headers);
        if (response.Status != 200)
        {
            throw new InvalidDataException($"{method} answered {response.Status} {response.Reason}");
        }

        return response;
    }

    private async Task ReportUnexpectedEndAsync(Task<string?> ended, string what)
    {
        var failure = await ended;
        if (!_stopping)
        {
            errors.Add($"client {number}: {what} ended: {failure ?? "closed by the server"}");
        }
    }
}
