namespace MediaActors.Protocol.Codecs.H265;

/// <summary>
/// Turns what an encoder hands over per call (one NAL unit, several, a whole access unit, or only
/// VPS/SPS/PPS; Annex-B with 3- or 4-byte start codes) into <see cref="AccessUnit"/>s ready for RTP.
/// The H.265 counterpart of <see cref="H264.H264AccessUnitAssembler"/>, with the same contract.
/// </summary>
/// <remarks>
/// <para>Hardware encoders hand over whole slices or pictures per call, so everything complete at
/// the end of a call is emitted immediately instead of waiting for the next picture to prove
/// that this one ended: that would add a frame of latency.</para>
/// <para>Prefix non-VCL units (VPS, SPS, PPS, prefix SEI...) are held until the next slice and
/// emitted in front of it; suffix units (suffix SEI) belong to the picture before them. Access
/// unit delimiters, filler data and end-of-sequence/bitstream units are dropped: they must not go
/// over RTP. An IRAP picture that lacks VPS, SPS or PPS gets the remembered ones inserted in
/// front, so a player that joins at any keyframe can decode it.</para>
/// <para>NAL units are slices of the pushed memory, never copies: the caller hands the array
/// over and must not reuse it. Not thread-safe; one instance per encoder stream.</para>
/// </remarks>
public sealed class H265AccessUnitAssembler : IVideoAccessUnitAssembler
{
    /// <summary>VPS, SPS and PPS must fit in the pending queue.</summary>
    private const int ParameterSetCount = 3;

    private readonly List<NalUnitRange> _ranges = [];
    private readonly PendingNalUnits _pendingNonVcl;
    private readonly List<ReadOnlyMemory<byte>> _picture = [];
    private bool _pictureStartsHere;
    private bool _pictureIsIrap;
    private bool _pictureOpen;
    private bool _spsNamesProfile;

    /// <summary>Creates an assembler.</summary>
    /// <param name="maxPendingNalUnits">How many non-VCL NAL units may wait for a slice; the oldest are dropped beyond it.</param>
    /// <param name="maxPendingBytes">How many bytes of non-VCL NAL units may wait for a slice; the oldest are dropped beyond it.</param>
    public H265AccessUnitAssembler(int maxPendingNalUnits = 64, int maxPendingBytes = 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingNalUnits, ParameterSetCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPendingBytes);
        _pendingNonVcl = new PendingNalUnits(maxPendingNalUnits, maxPendingBytes);
    }

    /// <summary>The latest VPS NAL unit seen (empty until one arrives).</summary>
    public ReadOnlyMemory<byte> Vps { get; private set; }

    /// <summary>The latest SPS NAL unit seen (empty until one arrives).</summary>
    public ReadOnlyMemory<byte> Sps { get; private set; }

    /// <summary>The latest PPS NAL unit seen (empty until one arrives).</summary>
    public ReadOnlyMemory<byte> Pps { get; private set; }

    /// <summary>
    /// True once a VPS, an SPS (long enough to name profile, tier and level) and a PPS have been
    /// seen, i.e. the SDP can be written.
    /// </summary>
    public bool HasParameterSets => !Vps.IsEmpty && _spsNamesProfile && !Pps.IsEmpty;

    /// <inheritdoc/>
    public IReadOnlyList<ReadOnlyMemory<byte>> ParameterSets => HasParameterSets ? [Vps, Sps, Pps] : [];

    /// <summary>The latest SPS, parsed; null when none arrived or it could not be parsed.</summary>
    public H265SequenceParameterSet? ParsedSps { get; private set; }

    /// <summary>How many held non-VCL NAL units were dropped because the pending bound was reached.</summary>
    public long DroppedNalUnits => _pendingNonVcl.Dropped;

    /// <inheritdoc/>
    public string EncodingName => "H265";

    /// <inheritdoc/>
    public int? Width => ParsedSps?.Width;

    /// <inheritdoc/>
    public int? Height => ParsedSps?.Height;

    /// <inheritdoc/>
    public double? FramesPerSecond => ParsedSps?.FramesPerSecond;

    /// <summary>
    /// The a=fmtp value: <see cref="H265Sdp.FormatParameters"/> once <see cref="HasParameterSets"/>,
    /// otherwise empty, since RFC 7798 has no parameter that is needed without them.
    /// </summary>
    public string FormatParameters() =>
        HasParameterSets ? H265Sdp.FormatParameters(Vps.Span, Sps.Span, Pps.Span) : string.Empty;

    /// <summary>
    /// Splits <paramref name="annexBData"/> into NAL units and adds every access unit it completes
    /// to <paramref name="output"/>: one per picture, or one for further slices (or suffix units)
    /// of a picture begun by an earlier call. Prefix units at the end, with no slice after them,
    /// wait for the next call.
    /// </summary>
    public void Push(ReadOnlyMemory<byte> annexBData, ICollection<AccessUnit> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _ranges.Clear();
        AnnexB.Split(annexBData.Span, _ranges);
        foreach (var range in _ranges)
        {
            // Shorter than its own header: not a NAL unit any receiver could use.
            if (range.Length < H265Nal.HeaderSize)
            {
                continue;
            }

            var nal = annexBData.Slice(range.Offset, range.Length);
            var type = H265Nal.TypeOf(nal.Span);
            if (H265Nal.IsVcl(type))
            {
                AddSlice(nal, type, output);
            }
            else if (H265Nal.IsSuffix(type))
            {
                AddSuffix(nal);
            }
            else if (!IsDropped(type))
            {
                // Per H.265 7.4.2.4.4 a prefix unit after the slices starts the next access unit.
                EmitPicture(output);
                HoldPrefix(nal, type);
            }
        }

        EmitPicture(output);
    }

    /// <summary>Units that carry nothing a receiver needs, and that RTP streams must not carry.</summary>
    private static bool IsDropped(H265NalUnitType type) => type is
        H265NalUnitType.AccessUnitDelimiter or
        H265NalUnitType.EndOfSequence or
        H265NalUnitType.EndOfBitstream or
        H265NalUnitType.FillerData;

    private void AddSlice(ReadOnlyMemory<byte> nal, H265NalUnitType type, ICollection<AccessUnit> output)
    {
        // A continuation slice with no picture open (the stream began mid-picture) is treated as
        // a picture of its own: it still needs a timestamp.
        var startsPicture = H265Nal.StartsPicture(nal.Span) || !_pictureOpen;
        if (startsPicture)
        {
            EmitPicture(output);
        }

        AddToPicture(nal, startsPicture);
        _pictureIsIrap |= H265Nal.IsIrap(type);
        _pictureOpen = true;
    }

    /// <summary>
    /// A suffix unit joins the picture before it; if that picture went out in an earlier call, it
    /// follows as a continuation with the picture's timestamp. With no picture to join (stream
    /// start, or units of the next picture already held) it waits with the prefix units instead:
    /// reordering or dropping it would be worse than delivering it early.
    /// </summary>
    private void AddSuffix(ReadOnlyMemory<byte> nal)
    {
        var pictureToJoin = _picture.Count > 0 || (_pictureOpen && _pendingNonVcl.Count == 0);
        if (pictureToJoin)
        {
            AddToPicture(nal, startsPicture: false);
        }
        else
        {
            _pendingNonVcl.Add(nal);
        }
    }

    private void AddToPicture(ReadOnlyMemory<byte> nal, bool startsPicture)
    {
        if (_picture.Count == 0)
        {
            _pictureStartsHere = startsPicture;
        }

        _picture.Add(nal);
    }

    private void HoldPrefix(ReadOnlyMemory<byte> nal, H265NalUnitType type)
    {
        switch (type)
        {
            case H265NalUnitType.Vps:
                Vps = nal;
                break;
            case H265NalUnitType.Sps:
                RememberSps(nal);
                break;
            case H265NalUnitType.Pps:
                Pps = nal;
                break;
        }

        _pendingNonVcl.Add(nal);
    }

    private void RememberSps(ReadOnlyMemory<byte> nal)
    {
        // Encoders repeat the same SPS before every keyframe; parse only when it changes.
        if (!nal.Span.SequenceEqual(Sps.Span))
        {
            ParsedSps = H265SequenceParameterSet.TryParse(nal.Span, out var parsed) ? parsed : null;
            _spsNamesProfile = H265ProfileTierLevel.TryReadFromSps(nal.Span, out _);
        }

        Sps = nal;
    }

    /// <summary>Emits the collected picture units, preceded by the held prefix units, as one access unit.</summary>
    private void EmitPicture(ICollection<AccessUnit> output)
    {
        if (_picture.Count == 0)
        {
            return;
        }

        var injectParameterSets = _pictureIsIrap && _pictureStartsHere && HasParameterSets && !PendingHasParameterSets();
        var injected = injectParameterSets ? ParameterSetCount : 0;
        var nalUnits = new ReadOnlyMemory<byte>[injected + _pendingNonVcl.Count + _picture.Count];
        var index = 0;
        if (injectParameterSets)
        {
            nalUnits[index++] = Vps;
            nalUnits[index++] = Sps;
            nalUnits[index++] = Pps;
        }

        index = _pendingNonVcl.MoveTo(nalUnits, index);
        _picture.CopyTo(nalUnits, index);
        output.Add(new AccessUnit(nalUnits, _pictureIsIrap, _pictureStartsHere));
        _picture.Clear();
        _pictureIsIrap = false;
    }

    /// <summary>True when the held units already hold all three parameter sets, so nothing needs injecting.</summary>
    private bool PendingHasParameterSets()
    {
        var hasVps = false;
        var hasSps = false;
        var hasPps = false;
        foreach (var nal in _pendingNonVcl)
        {
            var type = H265Nal.TypeOf(nal.Span);
            hasVps |= type == H265NalUnitType.Vps;
            hasSps |= type == H265NalUnitType.Sps;
            hasPps |= type == H265NalUnitType.Pps;
        }

        return hasVps && hasSps && hasPps;
    }
}
