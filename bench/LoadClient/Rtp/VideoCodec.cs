namespace MediaActors.LoadClient.Rtp;

/// <summary>The video codecs whose keyframes the client recognises (from the SDP's rtpmap encoding name).</summary>
public enum VideoCodec
{
    Unknown,
    H264,
    H265,
}

public static class VideoCodecs
{
    /// <summary>The codec of an rtpmap encoding name (`H264/90000` gives `H264`); Unknown for any other.</summary>
    public static VideoCodec FromEncodingName(string encodingName) => encodingName.ToUpperInvariant() switch
    {
        "H264" => VideoCodec.H264,
        "H265" or "HEVC" => VideoCodec.H265,
        _ => VideoCodec.Unknown,
    };
}
