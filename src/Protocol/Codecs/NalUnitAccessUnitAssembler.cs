using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Codecs;

/// <summary>
/// Turns what an encoder hands over per call (one NAL unit, several, a whole access unit, or only
/// the parameter sets; Annex-B with 3- or 4-byte start codes) into <see cref="AccessUnit"/>s ready
/// for RTP, for the NAL-unit codec <typeparamref name="TFormat"/>.
/// </summary>
/// <remarks>
/// <para>Hardware encoders hand over whole slices or pictures per call, so everything complete at
/// the end of a call is emitted immediately instead of waiting for the next picture to prove
/// that this one ended: that would add a frame of latency.</para>
/// <para>Non-VCL units that precede their picture (parameter sets, prefix SEI...) are held until
/// the next slice and emitted in front of it; suffix units (H.265 suffix SEI) belong to the
/// picture before them. Access unit delimiters, filler data and end-of-sequence/stream units are
/// dropped: they must not go over RTP, and neither must units shorter than a NAL header. A
/// keyframe that lacks some parameter sets gets all the remembered ones inserted in front, so a
/// player that joins at any keyframe can decode it.</para>
/// <para>NAL units are slices of the pushed memory, never copies: the caller hands the array
/// over and must not reuse it. Not thread-safe; one instance per encoder stream.</para>
/// </remarks>
/// <typeparam name="TFormat">The codec: <see cref="H264Format"/> or <see cref="H265Format"/>.</typeparam>
public sealed class NalUnitAccessUnitAssembler<TFormat> : IVideoAccessUnitAssembler
    where TFormat : struct, INalUnitFormat
{
    private readonly List<NalUnitRange> _ranges = [];
    private readonly PendingNalUnits _pendingNonVcl;
    private readonly List<ReadOnlyMemory<byte>> _picture = [];
    private readonly ReadOnlyMemory<byte>[] _parameterSets = new ReadOnlyMemory<byte>[TFormat.ParameterSetCount];
    private (int Width, int Height, double? FramesPerSecond)? _pictureFormat;
    private bool _spsNamesProfileAndLevel;
    private bool _pictureStartsHere;
    private bool _pictureIsKeyframe;
    private bool _pictureOpen;

    /// <summary>Creates an assembler.</summary>
    /// <param name="maxPendingNalUnits">How many non-VCL NAL units may wait for a slice; the oldest are dropped beyond it. At least room for the parameter sets.</param>
    /// <param name="maxPendingBytes">How many bytes of non-VCL NAL units may wait for a slice; the oldest are dropped beyond it.</param>
    public NalUnitAccessUnitAssembler(int maxPendingNalUnits = 64, int maxPendingBytes = 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingNalUnits, TFormat.ParameterSetCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPendingBytes);
        _pendingNonVcl = new PendingNalUnits(maxPendingNalUnits, maxPendingBytes);
    }

    /// <summary>
    /// True once every parameter set has been seen and the SPS names the profile and level the
    /// SDP states, i.e. the SDP can be written.
    /// </summary>
    public bool HasParameterSets => _spsNamesProfileAndLevel && Array.TrueForAll(_parameterSets, set => !set.IsEmpty);

    /// <inheritdoc/>
    public IReadOnlyList<ReadOnlyMemory<byte>> ParameterSets => HasParameterSets ? [.. _parameterSets] : [];

    /// <inheritdoc/>
    public long DroppedNalUnits => _pendingNonVcl.Dropped;

    /// <inheritdoc/>
    public int? Width => _pictureFormat?.Width;

    /// <inheritdoc/>
    public int? Height => _pictureFormat?.Height;

    /// <inheritdoc/>
    public double? FramesPerSecond => _pictureFormat?.FramesPerSecond;

    /// <summary>
    /// Splits <paramref name="annexBData"/> into NAL units and adds every access unit it completes
    /// to <paramref name="output"/>: one per picture, or one for further slices (or suffix units)
    /// of a picture begun by an earlier call. Units at the end that precede a picture, with no
    /// slice after them, wait for the next call.
    /// </summary>
    public void Push(ReadOnlyMemory<byte> annexBData, ICollection<AccessUnit> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _ranges.Clear();
        AnnexB.Split(annexBData.Span, _ranges);
        foreach (var range in _ranges)
        {
            // Shorter than its own header: not a NAL unit any receiver could use.
            if (range.Length < TFormat.NalHeaderSize)
            {
                continue;
            }

            var nal = annexBData.Slice(range.Offset, range.Length);
            if (TFormat.IsVcl(nal.Span))
            {
                AddSlice(nal, output);
            }
            else if (TFormat.IsSuffix(nal.Span))
            {
                AddSuffix(nal);
            }
            else if (!TFormat.IsDropped(nal.Span))
            {
                // Per H.264 7.4.1.2.3 and H.265 7.4.2.4.4 such a unit after the slices starts the next access unit.
                EmitPicture(output);
                HoldPrefix(nal);
            }
        }

        EmitPicture(output);
    }

    private void AddSlice(ReadOnlyMemory<byte> nal, ICollection<AccessUnit> output)
    {
        // A continuation slice with no picture open (the stream began mid-picture) is treated as
        // a picture of its own: it still needs a timestamp.
        var startsPicture = TFormat.StartsPicture(nal.Span) || !_pictureOpen;
        if (startsPicture)
        {
            EmitPicture(output);
        }

        AddToPicture(nal, startsPicture);
        _pictureIsKeyframe |= TFormat.IsKeyframe(nal.Span);
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

    private void HoldPrefix(ReadOnlyMemory<byte> nal)
    {
        var index = TFormat.ParameterSetIndex(nal.Span);
        if (index >= 0)
        {
            RememberParameterSet(index, nal);
        }

        _pendingNonVcl.Add(nal);
    }

    private void RememberParameterSet(int index, ReadOnlyMemory<byte> nal)
    {
        // Encoders repeat the same SPS before every keyframe; parse only when it changes.
        if (index == TFormat.SpsIndex && !nal.Span.SequenceEqual(_parameterSets[index].Span))
        {
            _pictureFormat = TFormat.ReadPictureFormat(nal.Span);
            _spsNamesProfileAndLevel = TFormat.SpsNamesProfileAndLevel(nal.Span);
        }

        _parameterSets[index] = nal;
    }

    /// <summary>Emits the collected picture units, preceded by the held prefix units, as one access unit.</summary>
    private void EmitPicture(ICollection<AccessUnit> output)
    {
        if (_picture.Count == 0)
        {
            return;
        }

        var injectParameterSets = _pictureIsKeyframe && _pictureStartsHere && HasParameterSets && !PendingHasParameterSets();
        var injected = injectParameterSets ? _parameterSets.Length : 0;
        var nalUnits = new ReadOnlyMemory<byte>[injected + _pendingNonVcl.Count + _picture.Count];
        if (injectParameterSets)
        {
            _parameterSets.CopyTo(nalUnits, 0);
        }

        var index = _pendingNonVcl.MoveTo(nalUnits, injected);
        _picture.CopyTo(nalUnits, index);
        output.Add(new AccessUnit(nalUnits, _pictureIsKeyframe, _pictureStartsHere));
        _picture.Clear();
        _pictureIsKeyframe = false;
    }

    /// <summary>True when the held units already hold every parameter set, so nothing needs injecting.</summary>
    private bool PendingHasParameterSets()
    {
        var seen = 0;
        foreach (var nal in _pendingNonVcl)
        {
            var index = TFormat.ParameterSetIndex(nal.Span);
            if (index >= 0)
            {
                seen |= 1 << index;
            }
        }

        return seen == (1 << _parameterSets.Length) - 1;
    }
}
