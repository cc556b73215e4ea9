namespace MediaActors.Protocol.Sdp;

/// <summary>One media section (m=) of a session description.</summary>
/// <param name="Media">The media type: "video" or "audio".</param>
/// <param name="PayloadType">The RTP payload type.</param>
/// <param name="RtpMap">The a=rtpmap encoding, e.g. "H264/90000".</param>
/// <param name="FormatParameters">The a=fmtp parameters after the payload type, or null for none.</param>
/// <param name="Control">The a=control URL, relative to Content-Base, e.g. "trackID=0".</param>
/// <param name="ExtraAttributes">Further attributes, each written as a=&lt;text&gt;.</param>
public sealed record SdpMedia(
    string Media,
    int PayloadType,
    string RtpMap,
    string? FormatParameters,
    string Control,
    IReadOnlyList<string> ExtraAttributes);
