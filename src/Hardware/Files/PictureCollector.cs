using MediaActors.Protocol.Codecs;

namespace MediaActors.Hardware.Files;

/// <summary>
/// Joins the access units an assembler emits for one picture into one Annex-B buffer: an
/// assembler hands further slices (and H.265 suffix units) of a picture over as access units of
/// their own, with <see cref="AccessUnit.StartsNewPicture"/> false.
/// </summary>
internal sealed class PictureCollector
{
    private static ReadOnlySpan<byte> StartCode => [0x00, 0x00, 0x00, 0x01];

    private readonly List<ReadOnlyMemory<byte>> _nalUnits = [];
    private bool _isKeyframe;

    /// <summary>Where the picture's first NAL unit lies in the file, for error messages.</summary>
    public long Offset { get; private set; }

    /// <summary>The size of the Annex-B buffer collected so far.</summary>
    public int Bytes { get; private set; }

    /// <summary>True while no picture is being collected.</summary>
    public bool IsEmpty => _nalUnits.Count == 0;

    /// <summary>Starts collecting a picture whose first NAL unit lies at <paramref name="offset"/>.</summary>
    public void Start(long offset)
    {
        _nalUnits.Clear();
        Bytes = 0;
        _isKeyframe = false;
        Offset = offset;
    }

    /// <summary>Adds an access unit of the picture: its first one, or a further part.</summary>
    public void Add(AccessUnit part)
    {
        foreach (var nalUnit in part.NalUnits)
        {
            _nalUnits.Add(nalUnit);
            Bytes += StartCode.Length + nalUnit.Length;
        }

        _isKeyframe |= part.IsKeyframe;
    }

    /// <summary>The collected picture, each NAL unit behind a start code, in a fresh buffer; the collector is empty afterwards.</summary>
    public AnnexBAccessUnit Finish()
    {
        var annexB = new byte[Bytes];
        var written = 0;
        foreach (var nalUnit in _nalUnits)
        {
            StartCode.CopyTo(annexB.AsSpan(written));
            written += StartCode.Length;
            nalUnit.Span.CopyTo(annexB.AsSpan(written));
            written += nalUnit.Length;
        }

        var picture = new AnnexBAccessUnit(annexB, _isKeyframe);
        Start(offset: 0);
        return picture;
    }
}
