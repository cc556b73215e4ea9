namespace MediaActors.Protocol.Mp4;

/// <summary>What a track of an MP4 file carries, which decides its handler (vide, soun) and media header (vmhd, smhd).</summary>
public enum Mp4TrackKind
{
    /// <summary>Pictures: H.264 or H.265 access units.</summary>
    Video,

    /// <summary>Sound: AAC access units.</summary>
    Audio,
}
