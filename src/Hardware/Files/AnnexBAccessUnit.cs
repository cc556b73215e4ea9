namespace MediaActors.Hardware.Files;

/// <summary>One whole coded picture read from a file: every NAL unit of it, in decoding order.</summary>
/// <param name="AnnexB">
/// The NAL units, each behind a 4-byte start code, parameter sets and SEI that precede the picture
/// included; a fresh buffer the caller owns.
/// </param>
/// <param name="IsKeyframe">True when a decoder can start here (H.264 IDR, H.265 IRAP).</param>
public sealed record AnnexBAccessUnit(ReadOnlyMemory<byte> AnnexB, bool IsKeyframe);
