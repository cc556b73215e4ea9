namespace MediaActors.Protocol.Codecs;

/// <summary>
/// The codec-neutral face of an access unit assembler: what a media session or a file reader
/// needs to turn an encoder's Annex-B output into access units and to know the stream, whichever
/// video codec it carries. The SDP is written from <see cref="ParameterSets"/> by the codec's
/// format (<see cref="Formats.VideoCodecFormat.FormatParameters"/>).
/// </summary>
public interface IVideoAccessUnitAssembler
{
    /// <summary>
    /// Splits <paramref name="annexBData"/> into NAL units and adds every access unit it completes
    /// to <paramref name="output"/>. Everything complete at the end of the call is emitted; non-VCL
    /// units with no picture after them wait for the next call.
    /// </summary>
    void Push(ReadOnlyMemory<byte> annexBData, ICollection<AccessUnit> output);

    /// <summary>True once every parameter set the SDP needs has been seen.</summary>
    bool HasParameterSets { get; }

    /// <summary>The latest parameter sets in decoding order (H.264: SPS, PPS; H.265: VPS, SPS, PPS),
    /// once <see cref="HasParameterSets"/>; empty before. Enough for another assembler to describe the stream.</summary>
    IReadOnlyList<ReadOnlyMemory<byte>> ParameterSets { get; }

    /// <summary>Width of the displayed picture from the latest parsed SPS; null until one is known.</summary>
    int? Width { get; }

    /// <summary>Height of the displayed picture from the latest parsed SPS; null until one is known.</summary>
    int? Height { get; }

    /// <summary>Frame rate from the latest parsed SPS's timing info; null until one is known or when it has none.</summary>
    double? FramesPerSecond { get; }

    /// <summary>How many held non-VCL NAL units were dropped because the pending bound was reached.</summary>
    long DroppedNalUnits { get; }
}
