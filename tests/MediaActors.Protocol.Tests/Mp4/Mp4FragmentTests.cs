using MediaActors.Protocol.Mp4;

namespace MediaActors.Protocol.Tests.Mp4;

public sealed class Mp4FragmentTests
{
    private const uint SyncFlags = 0x0200_0000;
    private const uint NonSyncFlags = 0x0101_0000;

    /// <summary>A video run in B-frame order: a keyframe, then pictures presented later and earlier than decoded (signed offsets).</summary>
    private static readonly Mp4TrackRun VideoRun = new(1, 0x1_2345_6789, [
        new(Bytes(1000, 0xA0), 3600, 3600, IsSync: true),
        new(Bytes(300, 0xA1), 3600, 7200, IsSync: false),
        new(Bytes(200, 0xA2), 3600, -3600, IsSync: false),
    ]);

    private static readonly Mp4TrackRun AudioRun = new(2, 96_000, [
        new(Bytes(370, 0xB0), 1024, 0, IsSync: true),
        new(Bytes(371, 0xB1), 1024, 0, IsSync: true),
    ]);

    [Fact]
    public void Is_a_moof_then_an_mdat()
    {
        var boxes = Mp4Box.ReadAll(Mp4Fragment.Create(7, [VideoRun, AudioRun]));

        Assert.Equal(["moof", "mdat"], boxes.Select(box => box.Type));
        Assert.Equal(["mfhd", "traf", "traf"], boxes[0].Children().Select(box => box.Type));
        Assert.All(boxes[0].FindAll("traf"), traf => Assert.Equal(["tfhd", "tfdt", "trun"], traf.Children().Select(box => box.Type)));
    }

    [Fact]
    public void Mfhd_numbers_the_fragment_and_each_traf_names_its_track_and_decode_time()
    {
        var moof = Mp4Box.ReadAll(Mp4Fragment.Create(7, [VideoRun, AudioRun]))[0];

        var mfhd = moof.Find("mfhd").Fields();
        Assert.Equal((0, 0u, 7u), ((int)mfhd.U8(), mfhd.U24(), mfhd.U32()));
        var trafs = moof.FindAll("traf");
        foreach (var (traf, run) in trafs.Zip([VideoRun, AudioRun]))
        {
            var tfhd = traf.Find("tfhd").Fields();
            Assert.Equal((0, 0x02_0000u), ((int)tfhd.U8(), tfhd.U24())); // default-base-is-moof, nothing else
            Assert.Equal((uint)run.TrackId, tfhd.U32());
            Assert.Equal(traf.Find("tfhd").Size, tfhd.Offset - traf.Find("tfhd").Offset);
            var tfdt = traf.Find("tfdt").Fields();
            Assert.Equal((1, 0u), ((int)tfdt.U8(), tfdt.U24()));
            Assert.Equal(run.BaseMediaDecodeTime, tfdt.U64());
        }
    }

    [Fact]
    public void Trun_states_every_sample_duration_size_flags_and_signed_composition_offset()
    {
        var moof = Mp4Box.ReadAll(Mp4Fragment.Create(1, [VideoRun, AudioRun]))[0];

        foreach (var (traf, run) in moof.FindAll("traf").Zip([VideoRun, AudioRun]))
        {
            var trun = traf.Find("trun").Fields();
            Assert.Equal((1, 0x000F01u), ((int)trun.U8(), trun.U24())); // data offset; duration, size, flags, composition offset per sample
            Assert.Equal((uint)run.Samples.Count, trun.U32());
            trun.Skip(4); // data_offset
            foreach (var sample in run.Samples)
            {
                Assert.Equal(
                    (sample.Duration, (uint)sample.Data.Length, sample.IsSync ? SyncFlags : NonSyncFlags, sample.CompositionOffset),
                    (trun.U32(), trun.U32(), trun.U32(), trun.I32()));
            }

            Assert.Equal(traf.Find("trun").Offset + traf.Find("trun").Size, trun.Offset);
        }
    }

    [Fact]
    public void Each_data_offset_points_from_the_moof_at_the_first_byte_of_its_run_in_the_mdat()
    {
        var fragment = Mp4Fragment.Create(1, [VideoRun, AudioRun]);
        var moof = Mp4Box.ReadAll(fragment)[0];

        foreach (var (traf, run) in moof.FindAll("traf").Zip([VideoRun, AudioRun]))
        {
            var dataOffset = traf.Find("trun").Fields().Skip(8).I32();
            var runBytes = run.Samples.SelectMany(sample => sample.Data.ToArray()).ToArray();
            Assert.Equal(runBytes, fragment.AsSpan(moof.Offset + dataOffset, runBytes.Length).ToArray());
        }

        Assert.Equal(moof.Size + 8, moof.FindAll("traf")[0].Find("trun").Fields().Skip(8).I32());
    }

    [Fact]
    public void The_mdat_holds_the_samples_of_every_run_in_order_and_nothing_else()
    {
        var mdat = Mp4Box.ReadAll(Mp4Fragment.Create(1, [VideoRun, AudioRun]))[1];

        Assert.Equal(new[] { VideoRun, AudioRun }.SelectMany(run => run.Samples).SelectMany(sample => sample.Data.ToArray()), mdat.Body);
    }

    [Fact]
    public void Write_fills_a_larger_pooled_buffer_with_the_same_bytes_as_Create()
    {
        var expected = Mp4Fragment.Create(3, [VideoRun, AudioRun]);
        var buffer = new byte[expected.Length + 100];
        buffer.AsSpan().Fill(0xEE);

        var written = Mp4Fragment.Write(buffer, 3, [VideoRun, AudioRun]);

        Assert.Equal((expected.Length, expected.Length), (written, Mp4Fragment.Size([VideoRun, AudioRun])));
        Assert.Equal(expected, buffer[..written]);
        Assert.All(buffer[written..], value => Assert.Equal(0xEE, value));
    }

    [Fact]
    public void Write_refuses_a_buffer_shorter_than_the_fragment()
    {
        var buffer = new byte[Mp4Fragment.Size([VideoRun]) - 1];

        Assert.Throws<ArgumentException>("destination", () => Mp4Fragment.Write(buffer, 1, [VideoRun]));
    }

    /// <summary>A live stream writes a fragment per frame; only its own buffer may be allocated for it, and here that is the caller's.</summary>
    [Fact]
    public void Write_allocates_nothing()
    {
        Mp4TrackRun[] runs = [VideoRun, AudioRun];
        var buffer = new byte[Mp4Fragment.Size(runs)];
        Mp4Fragment.Write(buffer, 1, runs);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Mp4Fragment.Write(buffer, 2, runs);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Rejects_no_runs_an_empty_run_and_track_ids_below_one()
    {
        Assert.Throws<ArgumentException>("runs", () => Mp4Fragment.Create(1, []));
        Assert.Throws<ArgumentException>("runs", () => Mp4Fragment.Create(1, [VideoRun with { Samples = [] }]));
        Assert.Throws<ArgumentException>("runs", () => Mp4Fragment.Create(1, [VideoRun with { TrackId = 0 }]));
        Assert.Throws<ArgumentException>("runs", () => Mp4Fragment.Size([AudioRun, VideoRun with { TrackId = -1 }]));
    }

    private static byte[] Bytes(int length, byte value) => Enumerable.Repeat(value, length).ToArray();
}
