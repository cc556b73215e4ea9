using System.Diagnostics.CodeAnalysis;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Mp4;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;

namespace MediaActors.Protocol.Formats;

/// <summary>
/// A NAL-unit video codec (<see cref="H264Format"/>, <see cref="H265Format"/>) seen through the
/// codec-neutral <see cref="VideoCodecFormat"/>: every member forwards to <typeparamref name="TFormat"/>,
/// and the streams' machinery is the generic one compiled for it.
/// </summary>
/// <typeparam name="TFormat">The codec's rules.</typeparam>
public sealed class NalUnitVideoFormat<TFormat> : VideoCodecFormat
    where TFormat : struct, INalUnitFormat
{
    /// <summary>Use <see cref="CodecFormat.H264"/> or <see cref="CodecFormat.H265"/>.</summary>
    internal NalUnitVideoFormat()
    {
    }

    /// <inheritdoc/>
    public override Codec Codec => TFormat.Codec;

    /// <inheritdoc/>
    public override string Name => TFormat.Name;

    /// <inheritdoc/>
    public override string EncodingName => TFormat.EncodingName;

    /// <inheritdoc/>
    public override byte WireCode => TFormat.WireCode;

    /// <inheritdoc/>
    public override IReadOnlyList<string> FileExtensions => TFormat.FileExtensions;

    /// <inheritdoc/>
    public override string ParameterSetNames => TFormat.ParameterSetNames;

    /// <inheritdoc/>
    public override bool IsKeyframe(ReadOnlySpan<byte> nal) => TFormat.IsKeyframe(nal);

    /// <inheritdoc/>
    public override bool IsParameterSet(ReadOnlySpan<byte> nal) => nal.Length >= TFormat.NalHeaderSize && TFormat.ParameterSetIndex(nal) >= 0;

    /// <inheritdoc/>
    public override IVideoAccessUnitAssembler CreateAssembler() => new NalUnitAccessUnitAssembler<TFormat>();

    /// <inheritdoc/>
    public override IRtpPacketizer CreatePacketizer(uint ssrc, ushort initialSequenceNumber, byte payloadType, int maxPacketSize) =>
        new NalUnitPacketizer<TFormat>(ssrc, initialSequenceNumber, payloadType, maxPacketSize);

    /// <inheritdoc/>
    public override IRtpDepacketizer CreateDepacketizer(int maxAccessUnitBytes) => new NalUnitDepacketizer<TFormat>(maxAccessUnitBytes);

    /// <inheritdoc/>
    public override string FormatParameters(IReadOnlyList<ReadOnlyMemory<byte>> parameterSets)
    {
        ArgumentNullException.ThrowIfNull(parameterSets);
        if (parameterSets.Count == 0)
        {
            return TFormat.FormatParametersWithoutParameterSets;
        }

        if (parameterSets.Count != TFormat.ParameterSetCount)
        {
            throw new ArgumentException(
                $"{TFormat.Name} needs {TFormat.ParameterSetNames}, {TFormat.ParameterSetCount} parameter sets, but {parameterSets.Count} were given.", nameof(parameterSets));
        }

        return TFormat.FormatParameters(parameterSets);
    }

    /// <inheritdoc/>
    public override Mp4SampleEntry Mp4SampleEntry(IReadOnlyList<ReadOnlyMemory<byte>> parameterSets)
    {
        ArgumentNullException.ThrowIfNull(parameterSets);
        var names = TFormat.ParameterSetNames.Split('/');
        if (parameterSets.Count != TFormat.ParameterSetCount)
        {
            throw new ArgumentException(
                $"An MP4 sample entry for {TFormat.Name} needs {TFormat.ParameterSetNames}, {TFormat.ParameterSetCount} parameter sets, but {parameterSets.Count} were given.",
                nameof(parameterSets));
        }

        for (var i = 0; i < parameterSets.Count; i++)
        {
            var set = parameterSets[i].Span;
            if (set.Length < TFormat.NalHeaderSize || TFormat.ParameterSetIndex(set) != i)
            {
                throw new ArgumentException($"Parameter set {i} of {TFormat.Name} must be the {names[i]}.", nameof(parameterSets));
            }

            if (set.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"The {names[i]} is {set.Length} bytes; an MP4 decoder configuration record holds at most {ushort.MaxValue}.", nameof(parameterSets));
            }
        }

        return TFormat.Mp4SampleEntry(parameterSets);
    }

    /// <summary>The 90 kHz clock every video stream runs at, then the codec's own format parameters.</summary>
    internal override bool TryReadReceived(
        SdpMedia media,
        byte payloadType,
        SdpRtpMap rtpMap,
        [NotNullWhen(true)] out ReceivedFormat? received,
        [NotNullWhen(false)] out string? unsupportedReason)
    {
        ArgumentNullException.ThrowIfNull(media);
        received = null;
        if (rtpMap.ClockRate != ClockRate)
        {
            unsupportedReason = $"{TFormat.Name} at clock rate {rtpMap.ClockRate} is not supported (only {ClockRate}).";
            return false;
        }

        if (!TFormat.TryReadFormatParameters(SdpFormatParameters.Parse(media.FormatParameters), out var parameterSets, out unsupportedReason))
        {
            return false;
        }

        received = new ReceivedFormat(this, payloadType, ClockRate, parameterSets, AacConfig: null);
        return true;
    }
}
