using MediaActors.Protocol.Mp4;

namespace MediaActors.Protocol.Tests.Mp4;

/// <summary>An MP4 file as a recorder writes it: the init segment, then fragment after fragment.</summary>
/// <param name="Bytes">The whole file.</param>
/// <param name="FragmentOffsets">Where each fragment (its moof) starts.</param>
/// <param name="FramesBefore">For each fragment, how many samples of the first track the fragments before it hold.</param>
internal sealed record FragmentedFile(byte[] Bytes, IReadOnlyList<int> FragmentOffsets, IReadOnlyList<int> FramesBefore)
{
    /// <summary>
    /// Muxes <paramref name="tracks"/>: a fragment begins at each sample of the first track for
    /// which <paramref name="startsFragment"/> is true, and holds, of every other track, the
    /// samples that start before the next fragment does.
    /// </summary>
    public static FragmentedFile Mux(IReadOnlyList<TrackSamples> tracks, Func<int, Mp4Sample, bool> startsFragment)
    {
        var leader = tracks[0];
        var starts = Enumerable.Range(0, leader.Samples.Count).Where(i => i == 0 || startsFragment(i, leader.Samples[i])).ToList();
        var file = new List<byte>(Mp4InitSegment.Create([.. tracks.Select(track => track.Track)]));
        var offsets = new List<int>();
        var next = new int[tracks.Count];
        for (var f = 0; f < starts.Count; f++)
        {
            var isLast = f == starts.Count - 1;
            var end = isLast ? double.MaxValue : leader.StartOf(starts[f + 1]);
            var runs = new List<Mp4TrackRun>();
            for (var t = 0; t < tracks.Count; t++)
            {
                var track = tracks[t];
                var first = next[t];
                bool InFragment(int i) => t == 0 ? isLast || i < starts[f + 1] : track.StartOf(i) < end;
                while (next[t] < track.Samples.Count && InFragment(next[t]))
                {
                    next[t]++;
                }

                if (next[t] > first)
                {
                    runs.Add(new Mp4TrackRun(track.Track.TrackId, track.DecodeTimeOf(first), track.Samples.Skip(first).Take(next[t] - first).ToList()));
                }
            }

            offsets.Add(file.Count);
            file.AddRange(Mp4Fragment.Create((uint)(f + 1), runs));
        }

        return new FragmentedFile([.. file], offsets, starts);
    }
}
