namespace MediaActors.Hardware;

/// <summary>Compression standard of an encoded video stream.</summary>
public enum VideoCodec
{
    /// <summary>H.264 / AVC, main profile (what the K230 encoder produces by default).</summary>
    H264,

    /// <summary>H.265 / HEVC, main profile.</summary>
    H265,
}
