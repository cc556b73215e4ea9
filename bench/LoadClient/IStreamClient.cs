namespace MediaActors.LoadClient;

/// <summary>
/// One client of a run, whatever it receives the stream over: it starts playing, is kept alive,
/// counts what arrives into <see cref="Statistics"/> and is torn down. Failures never throw: they
/// go to the run's <see cref="ErrorLog"/>, prefixed with the client's number.
/// </summary>
public interface IStreamClient : IAsyncDisposable
{
    IReceiveStatistics Statistics { get; }

    /// <summary>True once the stream was asked for and accepted (RTSP PLAY answered 200, the WebSocket upgraded).</summary>
    bool IsPlaying { get; }

    /// <summary>SO_RCVBUF as granted for this client's media socket, once it is open.</summary>
    int? GrantedReceiveBufferBytes { get; }

    /// <summary>The TLS protocol and cipher suite of its connection once open (rtsps://); null in the clear.</summary>
    string? NegotiatedTls { get; }

    Task StartAsync(CancellationToken cancellation);

    /// <summary>Whatever keeps the server from timing the client out; called every <see cref="LoadOptions.KeepAliveInterval"/>.</summary>
    Task KeepAliveAsync();

    /// <summary>Ends the stream politely; the sockets close in <see cref="IAsyncDisposable.DisposeAsync"/>.</summary>
    Task TeardownAsync();
}
