namespace MediaActors.Protocol.Rtp;

/// <summary>
/// The wire constants of the H.264 RTP payload format (RFC 6184) shared by the packetizer and
/// the depacketizer.
/// </summary>
internal static class H264PayloadFormat
{
    /// <summary>F (forbidden_zero_bit) and NRI of a NAL header: copied into STAP-A and FU indicators.</summary>
    public const byte ForbiddenAndNriMask = 0xE0;

    public const byte ForbiddenBit = 0x80;
    public const byte NriMask = 0x60;
    public const byte NalTypeMask = 0x1F;

    /// <summary>The STAP-A header byte, the FU indicator and the FU header are one byte each.</summary>
    public const int StapAHeaderSize = 1;

    /// <summary>Each NAL unit in a STAP-A is preceded by its 16-bit size.</summary>
    public const int StapANalSizeFieldSize = 2;

    /// <summary>FU indicator plus FU header.</summary>
    public const int FuAHeaderSize = 2;

    public const byte FuStartBit = 0x80;
    public const byte FuEndBit = 0x40;
}
