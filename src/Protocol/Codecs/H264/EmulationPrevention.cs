namespace MediaActors.Protocol.Codecs.H264;

/// <summary>
/// Emulation prevention (H.264 7.4.1): encoders insert 0x03 after every 00 00 that would
/// otherwise be followed by a byte of 0x00..0x03, so that no start code appears inside a NAL
/// unit. Parameter sets must have those bytes removed before their bits can be read.
/// </summary>
public static class EmulationPrevention
{
    private const byte PreventionByte = 0x03;

    /// <summary>
    /// Returns the raw byte sequence payload of <paramref name="nalPayload"/>: a copy without the
    /// emulation prevention bytes (the 03 of every 00 00 03).
    /// </summary>
    public static byte[] ToRbsp(ReadOnlySpan<byte> nalPayload)
    {
        var rbsp = new byte[nalPayload.Length];
        var written = 0;
        var zeroRun = 0;
        foreach (var value in nalPayload)
        {
            if (zeroRun >= 2 && value == PreventionByte)
            {
                zeroRun = 0;
                continue;
            }

            zeroRun = value == 0 ? zeroRun + 1 : 0;
            rbsp[written++] = value;
        }

        return written == rbsp.Length ? rbsp : rbsp[..written];
    }
}
