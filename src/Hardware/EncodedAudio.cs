namespace MediaActors.Hardware;

/// <summary>
/// One piece of encoded audio, exactly what the K230 audio encoder hands to SendAudioData: for G.711 raw
/// µ-law or A-law bytes (one per sample and channel), for AAC one complete ADTS frame, header included.
/// </summary>
/// <param name="Data">The encoded bytes; the source never reuses this memory.</param>
/// <param name="FirstSampleIndex">Zero-based index, per channel, of the first sample this piece encodes; the RTP timestamp.</param>
/// <param name="SampleCount">Samples per channel this piece encodes.</param>
public sealed record EncodedAudio(ReadOnlyMemory<byte> Data, long FirstSampleIndex, int SampleCount);
