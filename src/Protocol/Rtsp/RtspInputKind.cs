namespace MediaActors.Protocol.Rtsp;

/// <summary>What <see cref="RtspRequestParser.Parse"/> found at the start of the buffer.</summary>
public enum RtspInputKind
{
    /// <summary>The buffer holds the beginning of an item; append more bytes and parse again.</summary>
    NeedMoreData,

    /// <summary>A complete RTSP request.</summary>
    Request,

    /// <summary>A complete interleaved binary frame ($, channel, length, payload): RTCP or RTP from the client.</summary>
    InterleavedFrame,

    /// <summary>The bytes are not a valid request; answer with the status and close the connection.</summary>
    Error,
}
