namespace MediaActors.Protocol.Tests.Codecs.Aac;

/// <summary>Builds ADTS frames for cases FFmpeg never emits (CRC, several raw data blocks, reserved values).</summary>
internal static class AdtsSamples
{
    /// <summary>FFmpeg's sine8k.aac frame lengths, headers included (see Samples/README.md).</summary>
    public static readonly int[] Sine8kFrameLengths = [608, 587, 400, 397, 358, 433, 406, 423, 477];

    /// <summary>An ADTS frame: header (with a dummy CRC if asked), then <paramref name="payload"/>.</summary>
    public static byte[] Frame(byte[] payload, int profile = 1, int frequencyIndex = 11, int channels = 1, bool crc = false, int rawDataBlocks = 1)
    {
        var headerLength = crc ? 9 : 7;
        var frameLength = headerLength + payload.Length;
        var frame = new byte[frameLength];
        frame[0] = 0xFF;
        frame[1] = (byte)(0xF0 | (crc ? 0 : 1)); // MPEG-4, layer 0, protection_absent
        frame[2] = (byte)((profile << 6) | (frequencyIndex << 2) | (channels >> 2));
        frame[3] = (byte)(((channels & 3) << 6) | (frameLength >> 11));
        frame[4] = (byte)(frameLength >> 3);
        frame[5] = (byte)(((frameLength & 7) << 5) | 0x1F); // buffer fullness 0x7FF: variable rate
        frame[6] = (byte)(0xFC | (rawDataBlocks - 1));
        if (crc)
        {
            frame[7] = 0xC5;
            frame[8] = 0xC5;
        }

        payload.CopyTo(frame, headerLength);
        return frame;
    }

    /// <summary>A payload of <paramref name="length"/> bytes that never contains 0xFF, so it cannot fake a sync word.</summary>
    public static byte[] Payload(int length, byte fill = 0x21)
    {
        var payload = new byte[length];
        Array.Fill(payload, fill);
        return payload;
    }
}
