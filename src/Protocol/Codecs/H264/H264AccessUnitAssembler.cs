namespace MediaActors.Protocol.Codecs.H264;

/// <summary>
/// Turns what an encoder hands over per call (one NAL unit, several, a whole access unit, or only
/// SPS/PPS; Annex-B with 3- or 4-byte start codes) into <see cref="AccessUnit"/>s ready for RTP.
/// </summary>
/// <remarks>
/// <para>Hardware encoders hand over whole slices or pictures per call, so everything complete at
/// the end of a call is emitted immediately instead of waiting for the next picture to prove
/// that this one ended: that would add a frame of latency.</para>
/// <para>Non-VCL NAL units (SPS, PPS, SEI...) are held until the next slice and emitted in front
/// of it. Access unit delimiters, filler data and end-of-sequence/stream units are dropped: they
/// must not go over RTP. A keyframe that lacks SPS or PPS gets the remembered ones inserted in
/// front, so a player that joins at any keyframe can decode it.</para>
/// <para>NAL units are slices of the pushed memory, never copies: the caller hands the array
/// over and must not reuse it. Not thread-safe; one instance per encoder stream.</para>
/// </remarks>
public sealed class H264AccessUnitAssembler : IVideoAccessUnitAssembler
{
    private readonly List<NalUnitRange> _ranges = [];
    private readonly PendingNalUnits _pendingNonVcl;
    private readonly List<ReadOnlyMemory<byte>> _slices = [];
    private bool _slicesStartPicture;
    private bool _slicesContainIdr;
    private bool _pictureOpen;

    /// <summary>Creates an assembler.</summary>
    /// <param name="maxPendingNalUnits">How many non-VCL NAL units may wait for a slice; the oldest are dropped beyond it.</param>
    /// <param name="maxPendingBytes">How many bytes of non-VCL NAL units may wait for a slice; the oldest are dropped beyond it.</param>
    public H264AccessUnitAssembler(int maxPendingNalUnits = 64, int maxPendingBytes = 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingNalUnits, 2); // room for SPS and PPS
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPendingBytes);
        _pendingNonVcl = new PendingNalUnits(maxPendingNalUnits, maxPendingBytes);
    }

    /// <summary>The latest SPS NAL unit seen (empty until one arrives).</summary>
    public ReadOnlyMemory<byte> Sps { get; private set; }

    /// <summary>The latest PPS NAL unit seen (empty until one arrives).</summary>
    public ReadOnlyMemory<byte> Pps { get; private set; }

    /// <summary>True once both an SPS (long enough to name profile and level) and a PPS have been seen, i.e. the SDP can be written.</summary>
    public bool HasParameterSets => Sps.Length >= H264Sdp.MinSpsLength && !Pps.IsEmpty;

    /// <inheritdoc/>
    public IReadOnlyList<ReadOnlyMemory<byte>> ParameterSets => HasParameterSets ? [Sps, Pps] : [];

    /// <summary>The latest SPS, parsed; null when none arrived or it could not be parsed.</summary>
    public H264SequenceParameterSet? ParsedSps { get; private set; }

    /// <summary>How many held non-VCL NAL units were dropped because the pending bound was reached.</summary>
    public long DroppedNalUnits => _pendingNonVcl.Dropped;

    /// <inheritdoc/>
    public string EncodingName => "H264";

    /// <inheritdoc/>
    public int? Width => ParsedSps?.Width;

    /// <inheritdoc/>
    public int? Height => ParsedSps?.Height;

    /// <inheritdoc/>
    public double? FramesPerSecond => ParsedSps?.FramesPerSecond;

    /// <summary>
    /// The a=fmtp value: packetization mode, profile-level-id and sprop-parameter-sets once
    /// <see cref="HasParameterSets"/>, otherwise only the packetization mode.
    /// </summary>
    public string FormatParameters() =>
        HasParameterSets ? H264Sdp.FormatParameters(Sps.Span, Pps.Span) : H264Sdp.PacketizationMode;

    /// <summary>
    /// Splits <paramref name="annexBData"/> into NAL units and adds every access unit it completes
    /// to <paramref name="output"/>: one per picture, or one for further slices of a picture begun
    /// by an earlier call. Non-VCL units at the end, with no slice after them, wait for the next call.
    /// </summary>
    public void Push(ReadOnlyMemory<byte> annexBData, ICollection<AccessUnit> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _ranges.Clear();
        AnnexB.Split(annexBData.Span, _ranges);
        foreach (var range in _ranges)
        {
            var nal = annexBData.Slice(range.Offset, range.Length);
            var type = H264Nal.TypeOf(nal.Span[0]);
            if (H264Nal.IsVcl(type))
            {
                AddSlice(nal, type, output);
            }
            else if (!IsDropped(type))
            {
                // Per H.264 7.4.1.2.3 a non-VCL unit after the slices starts the next access unit.
                EmitSlices(output);
                HoldNonVcl(nal, type);
            }
        }

        EmitSlices(output);
    }

    /// <summary>Units that carry nothing a receiver needs, and that RTP streams must not carry.</summary>
    private static bool IsDropped(H264NalUnitType type) => type is
        H264NalUnitType.AccessUnitDelimiter or
        H264NalUnitType.EndOfSequence or
        H264NalUnitType.EndOfStream or
        H264NalUnitType.FillerData;

    private void AddSlice(ReadOnlyMemory<byte> nal, H264NalUnitType type, ICollection<AccessUnit> output)
    {
        // A continuation slice with no picture open (the stream began mid-picture) is treated as
        // a picture of its own: it still needs a timestamp.
        var startsPicture = H264Nal.StartsPicture(nal.Span) || !_pictureOpen;
        if (startsPicture)
        {
            EmitSlices(output);
        }

        if (_slices.Count == 0)
        {
            _slicesStartPicture = startsPicture;
        }

        _slices.Add(nal);
        _slicesContainIdr |= type == H264NalUnitType.IdrSlice;
        _pictureOpen = true;
    }

    private void HoldNonVcl(ReadOnlyMemory<byte> nal, H264NalUnitType type)
    {
        if (type == H264NalUnitType.Sps)
        {
            RememberSps(nal);
        }
        else if (type == H264NalUnitType.Pps)
        {
            Pps = nal;
        }

        _pendingNonVcl.Add(nal);
    }

    private void RememberSps(ReadOnlyMemory<byte> nal)
    {
        // Encoders repeat the same SPS before every keyframe; parse only when it changes.
        if (!nal.Span.SequenceEqual(Sps.Span))
        {
            ParsedSps = H264SequenceParameterSet.TryParse(nal.Span, out var parsed) ? parsed : null;
        }

        Sps = nal;
    }

    /// <summary>Emits the collected slices, preceded by the held non-VCL units, as one access unit.</summary>
    private void EmitSlices(ICollection<AccessUnit> output)
    {
        if (_slices.Count == 0)
        {
            return;
        }

        var injectParameterSets = _slicesContainIdr && _slicesStartPicture && HasParameterSets && !PendingHasParameterSets();
        var injected = injectParameterSets ? 2 : 0;
        var nalUnits = new ReadOnlyMemory<byte>[injected + _pendingNonVcl.Count + _slices.Count];
        var index = 0;
        if (injectParameterSets)
        {
            nalUnits[index++] = Sps;
            nalUnits[index++] = Pps;
        }

        index = _pendingNonVcl.MoveTo(nalUnits, index);
        foreach (var slice in _slices)
        {
            nalUnits[index++] = slice;
        }

        output.Add(new AccessUnit(nalUnits, _slicesContainIdr, _slicesStartPicture));
        _slices.Clear();
        _slicesContainIdr = false;
    }

    private bool PendingHasParameterSets()
    {
        var hasSps = false;
        var hasPps = false;
        foreach (var nal in _pendingNonVcl)
        {
            var type = H264Nal.TypeOf(nal.Span[0]);
            hasSps |= type == H264NalUnitType.Sps;
            hasPps |= type == H264NalUnitType.Pps;
        }

        return hasSps && hasPps;
    }
}
