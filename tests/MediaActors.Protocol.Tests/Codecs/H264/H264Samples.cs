namespace MediaActors.Protocol.Tests.Codecs.H264;

/// <summary>
/// Parameter sets produced by real encoders, e.g.
/// ffmpeg -f lavfi -i testsrc2=size=1280x720:rate=30 -frames:v 1 -c:v libx264 -profile:v main -f h264 -
/// </summary>
internal static class H264Samples
{
    /// <summary>x264 main profile 1280x720: coded as 1280x736 and cropped (4D401F).</summary>
    public static readonly byte[] Sps1280x720Main =
    [
        0x67, 0x4D, 0x40, 0x1F, 0xEC, 0xA0, 0x28, 0x02, 0xDD, 0x80, 0x88, 0x00, 0x00, 0x03, 0x00, 0x08,
        0x00, 0x00, 0x03, 0x01, 0xE0, 0x78, 0xC1, 0x8C, 0xB0,
    ];

    public static readonly byte[] Pps1280x720Main = [0x68, 0xEB, 0xE3, 0xCB, 0x20];

    /// <summary>x264 high profile 1920x1080: coded as 1920x1088 and cropped (640028).</summary>
    public static readonly byte[] Sps1920x1080High =
    [
        0x67, 0x64, 0x00, 0x28, 0xAC, 0xD9, 0x40, 0x78, 0x02, 0x27, 0xE5, 0xC0, 0x44, 0x00, 0x00, 0x03,
        0x00, 0x04, 0x00, 0x00, 0x03, 0x00, 0xF0, 0x3C, 0x60, 0xC6, 0x58,
    ];

    /// <summary>x264 constrained baseline 1920x1080 (42C028).</summary>
    public static readonly byte[] Sps1920x1080Baseline =
    [
        0x67, 0x42, 0xC0, 0x28, 0xD9, 0x00, 0x78, 0x02, 0x27, 0xE5, 0xC0, 0x44, 0x00, 0x00, 0x03, 0x00,
        0x04, 0x00, 0x00, 0x03, 0x00, 0xF0, 0x3C, 0x60, 0xC9, 0x20,
    ];

    /// <summary>x264 high 4:4:4 predictive 352x288, yuv444p (chroma_format_idc 3).</summary>
    public static readonly byte[] Sps352x288High444 =
    [
        0x67, 0xF4, 0x00, 0x0D, 0x91, 0x9B, 0x28, 0x2C, 0x12, 0xD8, 0x08, 0x80, 0x00, 0x00, 0x03, 0x00,
        0x80, 0x00, 0x00, 0x1E, 0x07, 0x8A, 0x14, 0xCB,
    ];

    /// <summary>x264 high 10 1280x720, yuv420p10le (bit depths 10).</summary>
    public static readonly byte[] Sps1280x720High10 =
    [
        0x67, 0x6E, 0x00, 0x1F, 0xA6, 0xCD, 0x94, 0x05, 0x00, 0x5B, 0xB0, 0x11, 0x00, 0x00, 0x03, 0x00,
        0x01, 0x00, 0x00, 0x03, 0x00, 0x3C, 0x0F, 0x18, 0x31, 0x96,
    ];

    /// <summary>x264 interlaced (PAFF/MBAFF) 1920x1080: frame_mbs_only_flag 0, 34 map units per field.</summary>
    public static readonly byte[] Sps1920x1080Interlaced =
    [
        0x67, 0x64, 0x00, 0x28, 0xAC, 0xD9, 0x40, 0x78, 0x04, 0x4F, 0xDE, 0x02, 0x20, 0x00, 0x00, 0x03,
        0x00, 0x20, 0x00, 0x00, 0x07, 0x83, 0xE2, 0xC5, 0xB2, 0xC0,
    ];

    /// <summary>A NAL unit with header byte <paramref name="header"/> and a recognisable body, <paramref name="length"/> bytes in all.</summary>
    public static byte[] Nal(byte header, int length, byte fill = 0xAB)
    {
        var nal = new byte[length];
        nal.AsSpan().Fill(fill);
        nal[0] = header;
        return nal;
    }

    /// <summary>An IDR slice whose first_mb_in_slice is 0 (starts a picture).</summary>
    public static byte[] IdrSlice(int length = 50) => SliceNal(0x65, startsPicture: true, length);

    /// <summary>A non-IDR slice, starting a picture or continuing one.</summary>
    public static byte[] NonIdrSlice(bool startsPicture = true, int length = 40) => SliceNal(0x41, startsPicture, length);

    /// <summary>Concatenates NAL units with 4-byte start codes.</summary>
    public static byte[] AnnexB(params byte[][] nalUnits)
    {
        var stream = new List<byte>();
        foreach (var nal in nalUnits)
        {
            stream.AddRange([0, 0, 0, 1]);
            stream.AddRange(nal);
        }

        return [.. stream];
    }

    private static byte[] SliceNal(byte header, bool startsPicture, int length)
    {
        var nal = Nal(header, length, 0x5A);
        nal[1] = startsPicture ? (byte)0x88 : (byte)0x08; // leading 1 bit: first_mb_in_slice = 0
        return nal;
    }
}
