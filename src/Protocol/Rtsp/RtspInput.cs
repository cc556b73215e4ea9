namespace MediaActors.Protocol.Rtsp;

/// <summary>One item parsed from the start of a connection's receive buffer.</summary>
public readonly struct RtspInput
{
    private RtspInput(RtspInputKind kind, RtspRequest? request, byte channel, int payloadOffset, int payloadLength, int errorStatus, string? errorMessage)
    {
        Kind = kind;
        Request = request;
        Channel = channel;
        PayloadOffset = payloadOffset;
        PayloadLength = payloadLength;
        ErrorStatus = errorStatus;
        ErrorMessage = errorMessage;
    }

    /// <summary>What was found.</summary>
    public RtspInputKind Kind { get; }

    /// <summary>The request, when <see cref="Kind"/> is <see cref="RtspInputKind.Request"/>.</summary>
    public RtspRequest? Request { get; }

    /// <summary>The channel of an interleaved frame.</summary>
    public byte Channel { get; }

    /// <summary>Where the interleaved frame's payload starts, relative to the span given to Parse.</summary>
    public int PayloadOffset { get; }

    /// <summary>Length of the interleaved frame's payload.</summary>
    public int PayloadLength { get; }

    /// <summary>The status to answer with: 400, 413, 414 or 505; 0 unless <see cref="Kind"/> is Error.</summary>
    public int ErrorStatus { get; }

    /// <summary>Why the input was rejected, for logs.</summary>
    public string? ErrorMessage { get; }

    internal static RtspInput NeedMoreData => default;

    internal static RtspInput ForRequest(RtspRequest request) =>
        new(RtspInputKind.Request, request, 0, 0, 0, 0, null);

    internal static RtspInput ForInterleavedFrame(byte channel, int payloadOffset, int payloadLength) =>
        new(RtspInputKind.InterleavedFrame, null, channel, payloadOffset, payloadLength, 0, null);

    internal static RtspInput ForError(int status, string message) =>
        new(RtspInputKind.Error, null, 0, 0, 0, status, message);
}
