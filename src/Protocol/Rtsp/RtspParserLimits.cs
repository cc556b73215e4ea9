namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// Bounds on what one RTSP message may occupy. They cap the bytes a connection buffers before
/// the parser either completes a message or reports an error, so a client cannot grow a
/// server's memory by never finishing a request.
/// </summary>
/// <param name="MaxRequestLineLength">Longest request or status line (without CRLF); longer gets 414.</param>
/// <param name="MaxHeaderCount">Most header fields; more gets 413.</param>
/// <param name="MaxHeaderBytes">Largest header section, terminating empty line included; larger gets 413.</param>
/// <param name="MaxBodyBytes">Largest Content-Length; larger gets 413.</param>
/// <param name="MaxInterleavedFrameBytes">Largest interleaved ($) frame payload; larger gets 413.</param>
public sealed record RtspParserLimits(
    int MaxRequestLineLength = 4096,
    int MaxHeaderCount = 64,
    int MaxHeaderBytes = 16384,
    int MaxBodyBytes = 65536,
    int MaxInterleavedFrameBytes = 65535)
{
    /// <summary>Limits that fit every real client seen (FFmpeg, GStreamer, VLC, ExoPlayer, NVRs).</summary>
    public static RtspParserLimits Default { get; } = new();
}
