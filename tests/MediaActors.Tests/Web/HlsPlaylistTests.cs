using MediaActors.Web;

namespace MediaActors.Tests.Web;

/// <summary>The LL-HLS media playlist as text, from segments and parts made up here.</summary>
public sealed class HlsPlaylistTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
    private static readonly TimeSpan PartTarget = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void A_playlist_lists_its_segments_with_their_parts_the_open_segments_parts_and_the_preload_hint()
    {
        var first = Segment(12, 0, partCount: 5);
        var second = Segment(13, 1, partCount: 5);
        var open = Segment(14, 2, partCount: 2, complete: false);

        var text = HlsPlaylist.Write([first, second], open, new HlsPosition(14, 2), targetDuration: 1, PartTarget, discontinuitySequence: 0);

        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:9
            #EXT-X-TARGETDURATION:1
            #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.6
            #EXT-X-PART-INF:PART-TARGET=0.2
            #EXT-X-MEDIA-SEQUENCE:12
            #EXT-X-MAP:URI="init.mp4"
            #EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:05.678Z
            #EXT-X-PART:DURATION=0.2,URI="part12.0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.2,URI="part12.1.m4s"
            #EXT-X-PART:DURATION=0.2,URI="part12.2.m4s"
            #EXT-X-PART:DURATION=0.2,URI="part12.3.m4s"
            #EXT-X-PART:DURATION=0.2,URI="part12.4.m4s"
            #EXTINF:1.0,
            seg12.m4s
            #EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:06.678Z
            #EXT-X-PART:DURATION=0.2,URI="part13.0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.2,URI="part13.1.m4s"
            #EXT-X-PART:DURATION=0.2,URI="part13.2.m4s"
            #EXT-X-PART:DURATION=0.2,URI="part13.3.m4s"
            #EXT-X-PART:DURATION=0.2,URI="part13.4.m4s"
            #EXTINF:1.0,
            seg13.m4s
            #EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:07.678Z
            #EXT-X-PART:DURATION=0.2,URI="part14.0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.2,URI="part14.1.m4s"
            #EXT-X-PRELOAD-HINT:TYPE=PART,URI="part14.2.m4s"

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Parts_are_listed_only_within_three_target_durations_of_the_live_edge()
    {
        var segments = Enumerable.Range(0, 7).Select(i => Segment(i, i, partCount: 5)).ToList();
        var open = Segment(7, 7, partCount: 1, complete: false);

        var text = HlsPlaylist.Write(segments, open, new HlsPosition(7, 1), targetDuration: 1, PartTarget, discontinuitySequence: 0);

        // The open segment's 0.2 s and three whole segments reach three target durations: segments 4 to 6 keep their parts.
        for (var msn = 0; msn < 7; msn++)
        {
            Assert.Contains($"seg{msn}.m4s", text, StringComparison.Ordinal);
            Assert.Equal(msn >= 4, text.Contains($"part{msn}.0.m4s", StringComparison.Ordinal));
        }

        Assert.Contains("URI=\"part7.0.m4s\"", text, StringComparison.Ordinal);
        Assert.Equal(7, text.Split('\n').Count(line => line.StartsWith("#EXTINF:", StringComparison.Ordinal)));
        Assert.Equal(8, text.Split('\n').Count(line => line.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_discontinuity_and_a_new_init_segment_are_marked_where_they_start()
    {
        var before = Segment(20, 0, partCount: 5);
        var after = new HlsSegment(21, Start.AddSeconds(10), discontinuity: true, initVersion: 1);
        after.Add(new HlsPart([1, 2, 3], 0.2, Independent: true));
        after.Complete();

        var text = HlsPlaylist.Write([before, after], null, new HlsPosition(22, 0), targetDuration: 1, PartTarget, discontinuitySequence: 3);

        var lines = text.Split('\n');
        Assert.Contains("#EXT-X-DISCONTINUITY-SEQUENCE:3", lines);
        var discontinuity = Array.IndexOf(lines, "#EXT-X-DISCONTINUITY");
        Assert.True(discontinuity > Array.IndexOf(lines, "seg20.m4s"), text);
        Assert.Equal("#EXT-X-MAP:URI=\"init1.mp4\"", lines[discontinuity + 1]);
        Assert.Equal(2, lines.Count(line => line.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal)));
        Assert.Equal("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part22.0.m4s\"", lines[^2]);
    }

    [Fact]
    public void A_part_longer_than_the_configured_duration_raises_the_part_target_and_hold_back()
    {
        var open = new HlsSegment(0, Start, discontinuity: false, initVersion: 0);
        open.Add(new HlsPart([1], 0.21134, Independent: true));

        var text = HlsPlaylist.Write([], open, new HlsPosition(0, 1), targetDuration: 1, PartTarget, discontinuitySequence: 0);

        Assert.Contains("#EXT-X-PART-INF:PART-TARGET=0.21134\n", text, StringComparison.Ordinal);
        Assert.Contains("PART-HOLD-BACK=0.63402\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("init.mp4", "GetInit { Version = 0 }")]
    [InlineData("init2.mp4", "GetInit { Version = 2 }")]
    [InlineData("seg12.m4s", "GetSegment { Msn = 12 }")]
    [InlineData("part12.3.m4s", "GetPart { Msn = 12, Index = 3 }")]
    [InlineData("init0.mp4", null)]
    [InlineData("seg.m4s", null)]
    [InlineData("seg-1.m4s", null)]
    [InlineData("seg+1.m4s", null)]
    [InlineData("part12.m4s", null)]
    [InlineData("part12.3.4.m4s", null)]
    [InlineData("segment.mp4", null)]
    [InlineData("index.m3u8", null)]
    public void File_names_are_read_back_into_requests(string name, string? request)
    {
        var parsed = HlsNames.TryParseFile(name, out var parsedRequest);
        Assert.Equal(request is not null, parsed);
        if (request is not null)
        {
            Assert.Equal(request, parsedRequest.ToString());
        }
    }

    [Fact]
    public void Names_written_are_names_read()
    {
        Assert.True(HlsNames.TryParseFile(HlsNames.Part(123456789012, 7), out var part));
        Assert.Equal(new Hls.GetPart(123456789012, 7), part);
        Assert.True(HlsNames.TryParseFile(HlsNames.Segment(0), out var segment));
        Assert.Equal(new Hls.GetSegment(0), segment);
        Assert.True(HlsNames.TryParseFile(HlsNames.Init(3), out var init));
        Assert.Equal(new Hls.GetInit(3), init);
        Assert.True(HlsNames.IsHls(HlsNames.Playlist));
    }

    private static HlsSegment Segment(long msn, int secondsFromStart, int partCount, bool complete = true)
    {
        var segment = new HlsSegment(msn, Start.AddSeconds(secondsFromStart), discontinuity: false, initVersion: 0);
        for (var i = 0; i < partCount; i++)
        {
            segment.Add(new HlsPart(new byte[100], 0.2, Independent: i == 0));
        }

        if (complete)
        {
            segment.Complete();
        }

        return segment;
    }
}
