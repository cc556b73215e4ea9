using MediaActors.Protocol.Rtp;

namespace MediaActors.Sessions;

/// <summary>
/// The audio track's last second, as packetized, each chunk with the presentation time of its
/// first sample: a client that joins with the GOP cache's pictures gets the sound from the newest
/// of those pictures on (<see cref="From"/>), so its audio starts with its video instead of up to
/// a chunk plus the picture's age later (a chunk of AAC at 8 kHz is 128 ms).
/// </summary>
public sealed class RecentAudio
{
    private const long KeptMicros = 1_000_000;

    /// <summary>A bound on chunks kept, whatever their length: a second of 1 ms chunks would be a thousand.</summary>
    private const int MaxChunks = 64;

    private readonly Queue<(RtpPacketBatch Chunk, long StartMicros)> _chunks = new();

    public int Count => _chunks.Count;

    public void Add(RtpPacketBatch chunk, long startMicros)
    {
        _chunks.Enqueue((chunk, startMicros));
        while (_chunks.Count > MaxChunks || startMicros - _chunks.Peek().StartMicros > KeptMicros)
        {
            _chunks.Dequeue();
        }
    }

    /// <summary>The chunk that holds the sound of <paramref name="presentationMicros"/> (the last one starting at or before it) and every later one.</summary>
    public IEnumerable<RtpPacketBatch> From(long presentationMicros)
    {
        var started = false;
        var chunks = _chunks.ToArray();
        for (var i = 0; i < chunks.Length; i++)
        {
            started |= i == chunks.Length - 1 || chunks[i + 1].StartMicros > presentationMicros;
            if (started)
            {
                yield return chunks[i].Chunk;
            }
        }
    }

    /// <summary>What follows no longer continues these chunks (the session stopped pulling).</summary>
    public void Clear() => _chunks.Clear();
}
