namespace MediaActors.Protocol.Codecs;

/// <summary>
/// Where one NAL unit lies inside a larger buffer, start code excluded. Splitters return ranges
/// instead of copies so the caller can slice the original array without allocating.
/// </summary>
/// <param name="Offset">Index of the NAL header byte.</param>
/// <param name="Length">Length of the NAL unit in bytes, trailing zero bytes excluded.</param>
public readonly record struct NalUnitRange(int Offset, int Length);
