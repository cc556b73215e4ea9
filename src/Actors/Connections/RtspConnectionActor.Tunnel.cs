using System.Text;
using Akka.Actor;
using Akka.Event;
using MediaActors.Operations;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Connections;

/// <summary>
/// RTSP over HTTP (the QuickTime tunnelling scheme): a connection whose first bytes are an HTTP
/// GET or POST is one half of a tunnel. The GET's connection becomes the RTSP connection: it
/// answers 200 and from then on writes responses and interleaved media as the GET's response
/// body, and it reads requests from the POST half once that arrives on another connection with
/// the same <c>x-sessioncookie</c> (whose connection hands its stream over and ends). When the
/// GET half closes the tunnel ends at once; when only the POST half closes, the tunnel waits for
/// another POST (QuickTime opens one per request) until the usual silence timeouts end it.
/// </summary>
public sealed partial class RtspConnectionActor
{
    private static readonly byte[] TunnelOpened = Encoding.ASCII.GetBytes(
        "HTTP/1.0 200 OK\r\nServer: MediaActors\r\nConnection: close\r\nCache-Control: no-store\r\nPragma: no-cache\r\n" +
        $"Content-Type: {TunnelRequest.ContentType}\r\n\r\n");

    private readonly HttpTunnels _tunnels;

    /// <summary>The connection's first bytes were looked at: RTSP, or a tunnel's GET half.</summary>
    private bool _protocolDecided;

    /// <summary>This connection was a tunnel's POST half: its stream now belongs to the GET's connection.</summary>
    private bool _handedOver;

    /// <summary>The cookie of the tunnel whose GET half this connection is.</summary>
    private string? _tunnelCookie;

    /// <summary>The tunnel's POST half, while one is connected.</summary>
    private TunnelPostStream? _tunnelPost;

    private void ReceiveTunnelMessages()
    {
        Receive<HttpTunnels.PostArrived>(OnPostArrived);
        Receive<TunnelGetEnded>(ended =>
        {
            if (ended.ReadBytes > 0)
            {
                // Nothing is expected on the GET after its head; a client that sends anyway is not cut off for it.
                WatchTunnelGet();
                return;
            }

            Close($"the tunnel's GET half {ended.Reason}");
        });
    }

    /// <summary>
    /// Whether the input is RTSP to be parsed. The first bytes decide; a tunnel half's HTTP head
    /// is handled here (false then), as is input too short to tell yet.
    /// </summary>
    private bool IsRtsp()
    {
        if (_protocolDecided)
        {
            return true;
        }

        if (_handedOver)
        {
            return false;
        }

        var input = _input.Unhandled;
        if (input.Length < "POST ".Length && ("POST "u8.StartsWith(input) || "GET "u8.StartsWith(input)))
        {
            _timeouts.WatchPartialInput(unfinished: input.Length > 0, handledAny: false);
            _input.ReadNext();
            return false;
        }

        if (!TunnelRequest.StartsTunnel(input))
        {
            _protocolDecided = true;
            return true;
        }

        var request = TunnelRequest.Parse(input, _settings.ParserLimits, out var consumed, out var error);
        if (error is var (status, reason))
        {
            RefuseTunnel(status, reason);
        }
        else if (request is null)
        {
            _timeouts.WatchPartialInput(unfinished: true, handledAny: false);
            _input.ReadNext();
        }
        else if (request.SessionCookie is null)
        {
            RefuseTunnel(RtspStatus.BadRequest, $"{request.Method} {request.Path} without an x-sessioncookie header");
        }
        else
        {
            _input.Skip(consumed);
            _timeouts.WatchPartialInput(unfinished: false, handledAny: true);
            if (request.IsGet)
            {
                OpenTunnel(request.SessionCookie, request.Path);
            }
            else
            {
                HandOverPost(request.SessionCookie);
            }
        }

        return false;
    }

    /// <summary>The GET half: answer 200, and wait for the POST to read requests from.</summary>
    private void OpenTunnel(string cookie, string path)
    {
        if (!_tunnels.TryOpen(cookie, Self))
        {
            RefuseTunnel(RtspStatus.BadRequest, $"x-sessioncookie {cookie} is in use by another tunnel");
            return;
        }

        _tunnelCookie = cookie;
        _protocolDecided = true;
        _sessions.InterleavedKind = ReaderKind.RtspHttp;
        _input.Skip(_input.Unhandled.Length);
        _input.ReadFrom(null);
        _writer.TryEnqueueControl(TunnelOpened);
        WatchTunnelGet();
        _log.Info("RTSP-over-HTTP tunnel {0} from {1} opened by GET {2}", cookie, _remote, path);
    }

    /// <summary>The POST half: hand the stream, and what followed the head, to the GET half's connection.</summary>
    private void HandOverPost(string cookie)
    {
        if (!_tunnels.TryFind(cookie, out var get))
        {
            RefuseTunnel(RtspStatus.NotFound, $"POST for tunnel {cookie}, which has no GET half");
            return;
        }

        _handedOver = true;
        var post = new TunnelPostStream(_connection, _input.Unhandled);
        _input.Skip(_input.Unhandled.Length);
        Context.Watch(get);
        get.Tell(new HttpTunnels.PostArrived(post));
        Become(() =>
        {
            Receive<HttpTunnels.PostTaken>(_ => Context.Stop(Self));
            Receive<HttpTunnels.PostRefused>(refused => GiveUpPost(post, refused.Reason));
            Receive<Terminated>(_ => GiveUpPost(post, "its GET half ended"));
            ReceiveAny(_ => { });
        });
    }

    private void GiveUpPost(TunnelPostStream post, string reason)
    {
        _log.Info("RTSP-over-HTTP POST from {0} closed: {1}", _remote, reason);
        post.Dispose();
        Context.Stop(Self);
    }

    private void OnPostArrived(HttpTunnels.PostArrived arrived)
    {
        if (_tunnelPost is not null || _closing)
        {
            Sender.Tell(new HttpTunnels.PostRefused(_closing ? "the tunnel is closing" : "the tunnel has a POST half already"));
            return;
        }

        Sender.Tell(HttpTunnels.PostTaken.Instance);
        _tunnelPost = arrived.Post;
        _input.ReadFrom(arrived.Post);
        _log.Debug("RTSP-over-HTTP tunnel {0}: POST half from {1}", _tunnelCookie, arrived.Post.Post.Remote);
        if (_pending is null)
        {
            HandleInput(handledAny: false);
        }
    }

    /// <summary>The input ended: the connection's own, or only a tunnel's POST half, which another may follow.</summary>
    private void OnInputEnded(ConnectionInput.Ended ended)
    {
        if (_tunnelPost is not { } post)
        {
            Close(ended.Reason);
            return;
        }

        _tunnelPost = null;
        _input.ReadFrom(null);
        post.Dispose();
        _log.Info("RTSP-over-HTTP tunnel {0}: POST half ended ({1}); waiting for another", _tunnelCookie, ended.Reason);
    }

    /// <summary>Learns when the GET half closes: a read of it ends only then.</summary>
    private void WatchTunnelGet()
    {
        _connection.Stream.ReadAsync(new byte[1]).AsTask().PipeTo(Self,
            success: count => new TunnelGetEnded(count, "closed by the client"),
            failure: error => new TunnelGetEnded(0, $"failed: {error.Message}"));
    }

    private void RefuseTunnel(int status, string reason)
    {
        _log.Warning("RTSP-over-HTTP request from {0} refused: {1} {2}", _remote, status, reason);
        _protocolDecided = true;
        _writer.TryEnqueueControl(Encoding.ASCII.GetBytes($"HTTP/1.0 {status} {RtspStatus.ReasonPhrase(status)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));
        Close(reason);
    }

    private void CloseTunnel()
    {
        _tunnelPost?.Dispose();
        if (_tunnelCookie is not null)
        {
            _tunnels.Close(_tunnelCookie, Self);
        }
    }

    private sealed record TunnelGetEnded(int ReadBytes, string Reason) : IDeadLetterSuppression;
}
