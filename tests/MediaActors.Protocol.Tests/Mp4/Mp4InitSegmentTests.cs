using MediaActors.Protocol.Mp4;

namespace MediaActors.Protocol.Tests.Mp4;

public sealed class Mp4InitSegmentTests
{
    /// <summary>Stand-ins for a codec's sample entries: the init segment must copy them into the stsd as they are.</summary>
    private static readonly Mp4SampleEntry VideoEntry =
        new(Mp4TrackKind.Video, "avc1.4d401f", [0, 0, 0, 12, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 1, 2, 3, 4], 1280, 720, 0, 0);

    private static readonly Mp4SampleEntry AudioEntry =
        new(Mp4TrackKind.Audio, "mp4a.40.2", [0, 0, 0, 9, (byte)'s', (byte)'n', (byte)'d', (byte)' ', 5], 0, 0, 48_000, 2);

    private static readonly Mp4Track[] VideoAndAudio = [new(1, 90_000, VideoEntry), new(2, 48_000, AudioEntry)];

    [Fact]
    public void Is_an_ftyp_of_iso5_compatible_with_iso6_mp41_and_dash_then_a_moov()
    {
        var boxes = Mp4Box.ReadAll(Mp4InitSegment.Create(VideoAndAudio));

        Assert.Equal(["ftyp", "moov"], boxes.Select(box => box.Type));
        var ftyp = boxes[0].Fields();
        Assert.Equal(("iso5", 0u), (ftyp.FourCc(), ftyp.U32()));
        Assert.Equal(["iso5", "iso6", "mp41", "dash"], Enumerable.Range(0, 4).Select(_ => ftyp.FourCc()));
        Assert.Equal(boxes[0].Offset + boxes[0].Size, ftyp.Offset);
    }

    [Fact]
    public void Declares_each_track_with_its_id_timescale_handler_and_media_header()
    {
        var moov = Moov(VideoAndAudio);

        var mvhd = moov.Find("mvhd").Fields();
        Assert.Equal((0, 0u), ((int)mvhd.U8(), mvhd.U24()));
        Assert.Equal(1000u, mvhd.Skip(8).U32()); // timescale, after creation and modification times
        Assert.Equal(0u, mvhd.U32()); // duration: only the fragments know it
        Assert.Equal(3u, mvhd.Skip(4 + 2 + 10 + 36 + 24).U32()); // next_track_ID

        var traks = moov.FindAll("trak");
        Assert.Equal(2, traks.Count);
        Assert.Equal([1u, 2u], traks.Select(trak => trak.Find("tkhd").Fields().Skip(12).U32()));
        Assert.Equal([90_000u, 48_000u], traks.Select(trak => trak.Find("mdia/mdhd").Fields().Skip(12).U32()));
        Assert.Equal(["vide", "soun"], traks.Select(trak => trak.Find("mdia/hdlr").Fields().Skip(8).FourCc()));
        Assert.Equal(["vmhd", "smhd"], traks.Select(trak => trak.Find("mdia/minf").Children()[0].Type));
        Assert.Equal(0x55C4, traks[0].Find("mdia/mdhd").Fields().Skip(20).U16()); // language "und"
    }

    [Fact]
    public void Track_headers_give_video_its_picture_size_and_audio_its_volume()
    {
        var traks = Moov(VideoAndAudio).FindAll("trak");

        var video = traks[0].Find("tkhd").Fields();
        Assert.Equal(3u, video.VersionAndFlags().Flags); // enabled, in movie
        video.Skip(4 + 4 + 4 + 4 + 4 + 8 + 2 + 2);
        Assert.Equal(0, video.U16()); // volume
        video.Skip(2 + 36);
        Assert.Equal((1280u << 16, 720u << 16), (video.U32(), video.U32()));

        var audio = traks[1].Find("tkhd").Fields().Skip(4 + 4 + 4 + 4 + 4 + 4 + 8 + 2 + 2);
        Assert.Equal(0x0100, audio.U16());
        Assert.Equal((0u, 0u), (audio.Skip(2 + 36).U32(), audio.U32()));
    }

    [Fact]
    public void The_sample_table_holds_the_sample_entry_and_no_samples()
    {
        var stbl = Moov(VideoAndAudio).FindAll("trak")[0].Find("mdia/minf/stbl");

        Assert.Equal(["stsd", "stts", "stsc", "stsz", "stco"], stbl.Children().Select(box => box.Type));
        var stsd = stbl.Find("stsd");
        Assert.Equal(1u, stsd.Fields().Skip(4).U32());
        var entry = Assert.Single(stsd.Children());
        Assert.Equal(VideoEntry.Box, entry.File.AsSpan(entry.Offset, entry.Size).ToArray());
        Assert.All(["stts", "stsc", "stco"], type => Assert.Equal(0u, stbl.Find(type).Fields().Skip(4).U32()));
        var stsz = stbl.Find("stsz").Fields().Skip(4);
        Assert.Equal((0u, 0u), (stsz.U32(), stsz.U32()));
    }

    [Fact]
    public void The_data_reference_is_this_same_file()
    {
        var dref = Moov(VideoAndAudio).FindAll("trak")[0].Find("mdia/minf/dinf/dref");

        Assert.Equal(1u, dref.Fields().Skip(4).U32());
        var url = Assert.Single(dref.Children());
        Assert.Equal(("url ", 12, 1u), (url.Type, url.Size, url.Fields().VersionAndFlags().Flags));
    }

    [Fact]
    public void Mvex_holds_a_trex_per_track_whose_defaults_the_fragments_never_rely_on()
    {
        var trexes = Moov(VideoAndAudio).FindAll("mvex/trex");

        Assert.Equal(2, trexes.Count);
        for (var i = 0; i < trexes.Count; i++)
        {
            var trex = trexes[i].Fields().Skip(4);
            Assert.Equal(((uint)i + 1, 1u, 0u, 0u, 0u), (trex.U32(), trex.U32(), trex.U32(), trex.U32(), trex.U32()));
        }
    }

    [Fact]
    public void The_mime_type_lists_the_codecs_of_every_track()
    {
        Assert.Equal("video/mp4; codecs=\"avc1.4d401f,mp4a.40.2\"", Mp4InitSegment.MimeType(VideoAndAudio));
        Assert.Equal("video/mp4; codecs=\"avc1.4d401f\"", Mp4InitSegment.MimeType([VideoAndAudio[0]]));
        Assert.Equal("audio/mp4; codecs=\"mp4a.40.2\"", Mp4InitSegment.MimeType([VideoAndAudio[1]]));
    }

    [Fact]
    public void Rejects_no_tracks_ids_below_one_repeated_ids_and_a_zero_timescale()
    {
        Assert.Throws<ArgumentException>("tracks", () => Mp4InitSegment.Create([]));
        Assert.Throws<ArgumentException>("tracks", () => Mp4InitSegment.Create([new(0, 90_000, VideoEntry)]));
        Assert.Throws<ArgumentException>("tracks", () => Mp4InitSegment.Create([new(1, 90_000, VideoEntry), new(1, 48_000, AudioEntry)]));
        Assert.Throws<ArgumentException>("tracks", () => Mp4InitSegment.Create([new(1, 0, VideoEntry)]));
        Assert.Throws<ArgumentException>("tracks", () => Mp4InitSegment.MimeType([]));
    }

    private static Mp4Box Moov(IReadOnlyList<Mp4Track> tracks) => Mp4Box.ReadAll(Mp4InitSegment.Create(tracks))[1];
}
