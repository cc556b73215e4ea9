namespace MediaActors.Hardware;

/// <summary>Memory layout of a raw sensor frame.</summary>
public enum PixelFormat
{
    /// <summary>
    /// YUV 4:2:0 semi-planar (what the K230 ISP calls YUV420SP): a full-resolution Y plane
    /// followed by one half-resolution plane of interleaved U,V byte pairs.
    /// </summary>
    Nv12,
}
