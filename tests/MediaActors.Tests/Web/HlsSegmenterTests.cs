using MediaActors.Muxing;
using MediaActors.Protocol.Mp4;
using MediaActors.Web;

namespace MediaActors.Tests.Web;

/// <summary>Samples of a made-up 30 fps stream with 1 s GOPs (and AAC) cut into segments and parts.</summary>
public sealed class HlsSegmenterTests
{
    private const uint VideoTimescale = 90_000;
    private const uint AudioTimescale = 48_000;
    private const uint Frame = VideoTimescale / 30;
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_gop_is_a_segment_of_five_200_ms_parts_the_first_independent()
    {
        var segmenter = Started(Settings());

        Feed(segmenter, pictures: 95);

        Assert.Equal(new long[] { 0, 1, 2 }, segmenter.Segments.Select(segment => segment.Msn));
        Assert.Equal(2, segmenter.LastCompleteMsn);
        foreach (var segment in segmenter.Segments)
        {
            Assert.Equal(5, segment.Parts.Count);
            Assert.All(segment.Parts, part => Assert.Equal(0.2, part.Duration, 6));
            Assert.Equal(new[] { true, false, false, false, false }, segment.Parts.Select(part => part.Independent));
            Assert.Equal(1.0, segment.Duration, 6);
            Assert.Equal(Origin.AddSeconds(segment.Msn), segment.StartedAt);
        }

        Assert.Equal(1, segmenter.TargetDuration);
        // Pictures 90 to 93 are out (94 waits for the next): segment 3 is being made, its part 0 not cut yet.
        Assert.Null(segmenter.Open);
        Assert.Equal(new HlsPosition(3, 0), segmenter.NextPart);
    }

    [Fact]
    public void A_part_ends_at_the_picture_boundary_nearest_its_target_when_timestamps_jitter()
    {
        var segmenter = Started(Settings());
        var jitter = new[] { 90, -60, 120, -30, 45, -90 };

        Feed(segmenter, pictures: 31, duration: i => (uint)(Frame + jitter[i % jitter.Length]));

        var segment = Assert.Single(segmenter.Segments);
        // Six pictures of about 33.3 ms each, a little over 200 ms or under: never five and a sliver.
        Assert.Equal(5, segment.Parts.Count);
        Assert.All(segment.Parts, part => Assert.InRange(part.Duration, 0.19, 0.21));
    }

    [Fact]
    public void Parts_hold_the_audio_that_came_with_their_pictures_and_a_segment_is_its_parts()
    {
        var segmenter = Started(Settings());

        Feed(segmenter, pictures: 31, withAudio: true);

        var segment = Assert.Single(segmenter.Segments);
        var pieces = segment.Pieces();
        Assert.Equal(segment.Parts.Count, pieces.Count);
        Assert.Equal(segment.Bytes, pieces.Sum(piece => (long)piece.Length));
        // Each part is one moof (with a traf per track) and its mdat.
        var part = segment.Parts[1].Data;
        Assert.Equal("moof", System.Text.Encoding.ASCII.GetString(part, 4, 4));
        Assert.Equal(2, CountOf(part, "traf"u8));
        Assert.Equal(1, CountOf(part, "mdat"u8));
    }

    [Fact]
    public void Audio_that_arrives_ahead_of_its_pictures_waits_for_them_so_segments_start_and_end_together()
    {
        var segmenter = Started(Settings());

        Feed(segmenter, pictures: 61, withAudio: true, audioAheadPictures: 5);

        // 1 s of 48 kHz audio is 46.875 units of 1024: the units starting before 1 s are 0 to 46.
        Assert.Equal(new long[] { 0, 1 }, segmenter.Segments.Select(segment => segment.Msn));
        Assert.Equal(47, AudioUnits(segmenter.Segments[0]));
        Assert.Equal(47, AudioUnits(segmenter.Segments[1]));
    }

    [Fact]
    public void Only_segment_count_segments_are_kept_and_their_parts_found_by_position()
    {
        var segmenter = Started(Settings(segmentCount: 3));

        Feed(segmenter, pictures: 30 * 6 + 5);

        Assert.Equal(new long[] { 3, 4, 5 }, segmenter.Segments.Select(segment => segment.Msn));
        Assert.Null(segmenter.Segment(2));
        Assert.Null(segmenter.Part(new HlsPosition(2, 0)));
        Assert.NotNull(segmenter.Part(new HlsPosition(3, 4)));
        Assert.Null(segmenter.Part(new HlsPosition(3, 5)));
        Assert.Equal(segmenter.Segments.Sum(segment => segment.Bytes) + (segmenter.Open?.Bytes ?? 0), segmenter.Bytes);
    }

    [Fact]
    public void The_oldest_segments_go_past_max_bytes_and_a_gop_alone_past_it_is_a_failure()
    {
        var bounded = Started(Settings(maxBytes: 2 * 30 * 1_100));
        Feed(bounded, pictures: 30 * 5 + 1, pictureBytes: 1_000);
        Assert.InRange(bounded.Segments.Count, 1, 2);
        Assert.True(bounded.Bytes <= 2 * 30 * 1_100);
        Assert.Null(bounded.Failure);

        var tooSmall = Started(Settings(maxBytes: 10_000));
        Feed(tooSmall, pictures: 31, pictureBytes: 1_000);
        Assert.NotNull(tooSmall.Failure);
        Assert.Empty(tooSmall.Segments);
        Assert.Equal(0, tooSmall.Bytes);
    }

    [Fact]
    public void A_gap_in_the_source_ends_the_segment_and_the_next_keyframe_starts_a_discontinuity()
    {
        var segmenter = Started(Settings());
        // 45 pictures, the last followed by 10 s of nothing, then the stream goes on at a keyframe.
        Feed(segmenter, pictures: 46, duration: i => i == 44 ? 10 * VideoTimescale : Frame, keyframeEvery: i => i is 0 or 30 or 45);
        Feed(segmenter, pictures: 31, firstDecodeTime: (44 * Frame) + (10 * VideoTimescale));

        Assert.Equal(new long[] { 0, 1, 2 }, segmenter.Segments.Select(segment => segment.Msn));
        Assert.Equal(0.5, segmenter.Segments[1].Duration, 6);
        Assert.False(segmenter.Segments[1].Discontinuity);
        Assert.True(segmenter.Segments[2].Discontinuity);
        Assert.Equal(1, segmenter.TargetDuration);
    }

    [Fact]
    public void A_new_format_is_a_new_init_version_and_a_discontinuity()
    {
        var segmenter = Started(Settings());
        Feed(segmenter, pictures: 31);

        segmenter.Restart([9, 9, 9], VideoTimescale, AudioTimescale);
        Feed(segmenter, pictures: 31);

        Assert.Equal(1, segmenter.InitVersion);
        Assert.True(segmenter.TryGetInit(1, out var init));
        Assert.Equal(new byte[] { 9, 9, 9 }, init);
        Assert.Equal(new[] { 0, 1 }, segmenter.Segments.Select(segment => segment.InitVersion));
        Assert.Equal(new[] { false, true }, segmenter.Segments.Select(segment => segment.Discontinuity));
    }

    private static HlsSettings Settings(int segmentCount = 7, long maxBytes = 64 << 20) =>
        new(TimeSpan.FromMilliseconds(200), segmentCount, maxBytes, TimeSpan.FromSeconds(30), 100);

    private static HlsSegmenter Started(HlsSettings settings)
    {
        var segmenter = new HlsSegmenter(settings, Origin);
        segmenter.Restart([1, 2, 3], VideoTimescale, AudioTimescale);
        return segmenter;
    }

    /// <summary>
    /// Feeds pictures as the actor does: picture i comes out (with its duration) when picture i+1
    /// arrives, and a keyframe arriving is announced before (<see cref="HlsSegmenter.KeyframeNext"/>).
    /// </summary>
    private static void Feed(HlsSegmenter segmenter, int pictures, Func<int, uint>? duration = null, bool withAudio = false, int pictureBytes = 100,
        Func<int, bool>? keyframeEvery = null, ulong firstDecodeTime = 0, int audioAheadPictures = 1)
    {
        duration ??= _ => Frame;
        keyframeEvery ??= i => i % 30 == 0;
        var decodeTime = firstDecodeTime;
        var audioTime = firstDecodeTime * AudioTimescale / VideoTimescale;
        for (var i = 0; i < pictures; i++)
        {
            if (i > 0)
            {
                var previous = i - 1;
                var sample = new Mp4Sample(new byte[pictureBytes], duration(previous), 0, keyframeEvery(previous));
                segmenter.Add(new TimedSample(Mp4SampleStream.VideoTrackId, decodeTime, sample, Micros(decodeTime)));
                decodeTime += duration(previous);
            }

            if (keyframeEvery(i))
            {
                segmenter.KeyframeNext();
            }

            // Audio arrives ahead of the pictures of its time (the encoder's latency, pictures a frame late).
            while (withAudio && audioTime * VideoTimescale < (decodeTime + (ulong)(audioAheadPictures * Frame)) * AudioTimescale)
            {
                var unit = new Mp4Sample(new byte[10], 1024, 0, true);
                segmenter.Add(new TimedSample(Mp4SampleStream.AudioTrackId, audioTime, unit, (long)(audioTime * 1_000_000 / AudioTimescale)));
                audioTime += 1024;
            }
        }
    }

    private static long Micros(ulong videoTicks) => (long)(videoTicks * 1_000_000 / VideoTimescale);

    /// <summary>The AAC units of a segment: the sample counts of its parts' audio truns (the traf whose tfhd names track 2).</summary>
    private static int AudioUnits(HlsSegment segment)
    {
        var units = 0;
        foreach (var part in segment.Parts)
        {
            var data = part.Data;
            for (var i = 0; i + 4 <= data.Length; i++)
            {
                if (data.AsSpan(i, 4).SequenceEqual("tfhd"u8) && System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(i + 8)) == Mp4SampleStream.AudioTrackId)
                {
                    var trun = data.AsSpan(i).IndexOf("trun"u8) + i;
                    units += System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(trun + 8));
                }
            }
        }

        return units;
    }

    private static int CountOf(byte[] data, ReadOnlySpan<byte> type)
    {
        var count = 0;
        for (var i = 0; i + type.Length <= data.Length; i++)
        {
            if (data.AsSpan(i, type.Length).SequenceEqual(type))
            {
                count++;
            }
        }

        return count;
    }
}
