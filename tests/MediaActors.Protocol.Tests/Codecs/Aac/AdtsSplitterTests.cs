using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Tests.Samples;

namespace MediaActors.Protocol.Tests.Codecs.Aac;

public sealed class AdtsSplitterTests
{
    private static readonly AudioSpecificConfig Lc8kMono = new(2, 8000, 1);

    private static (List<byte[]> AccessUnits, int Consumed, AudioSpecificConfig? Config) Split(byte[] data)
    {
        var accessUnits = new List<ReadOnlyMemory<byte>>();
        var consumed = AdtsSplitter.Split(data, accessUnits, out var config);
        return (accessUnits.Select(unit => unit.ToArray()).ToList(), consumed, config);
    }

    [Fact]
    public void Splits_ffmpegs_output_into_raw_access_units_and_its_config()
    {
        var file = SampleFiles.Read("sine8k.aac");

        var (accessUnits, consumed, config) = Split(file);

        Assert.Equal(file.Length, consumed);
        Assert.Equal(Lc8kMono, config);
        Assert.Equal("1588", config!.ToHexString());
        Assert.Equal(AdtsSamples.Sine8kFrameLengths.Select(length => length - 7), accessUnits.Select(unit => unit.Length));
        Assert.Equal(file[7..608], accessUnits[0]);
        Assert.Equal(file[(608 + 7)..(608 + 587)], accessUnits[1]);
    }

    [Fact]
    public void Access_units_are_slices_of_the_input_not_copies()
    {
        var file = SampleFiles.Read("sine48k_stereo.aac");
        var accessUnits = new List<ReadOnlyMemory<byte>>();

        AdtsSplitter.Split(file, accessUnits, out var config);

        Assert.Equal(11, accessUnits.Count);
        Assert.Equal(new AudioSpecificConfig(2, 48000, 2), config);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(accessUnits[0], out var segment));
        Assert.Same(file, segment.Array);
        Assert.Equal(7, segment.Offset);
    }

    [Fact]
    public void Chunked_input_gives_the_same_access_units_when_the_tail_is_carried_over()
    {
        var file = SampleFiles.Read("sine8k.aac");
        var expected = Split(file).AccessUnits;
        var random = new Random(7);
        for (var round = 0; round < 50; round++)
        {
            var received = new List<byte[]>();
            var pending = new List<byte>();
            var position = 0;
            while (position < file.Length)
            {
                var chunk = Math.Min(random.Next(1, 700), file.Length - position);
                pending.AddRange(file.AsSpan(position, chunk).ToArray());
                position += chunk;
                var (accessUnits, consumed, _) = Split([.. pending]);
                received.AddRange(accessUnits);
                pending.RemoveRange(0, consumed);
            }

            Assert.Empty(pending);
            Assert.Equal(expected, received);
        }
    }

    [Fact]
    public void Skips_garbage_before_between_and_after_frames()
    {
        var a = AdtsSamples.Payload(50, 0x11);
        var b = AdtsSamples.Payload(60, 0x22);
        var c = AdtsSamples.Payload(70, 0x33);
        var d = AdtsSamples.Payload(80, 0x44);
        byte[] garbage = [0x00, 0xFF, 0x00, 0xFF, 0xF1, 0x3C, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09]; // 0xFFF1 with the escape index, invalid in ADTS
        byte[] data = [.. garbage, .. AdtsSamples.Frame(a), .. AdtsSamples.Frame(b), .. garbage, .. AdtsSamples.Frame(c), .. AdtsSamples.Frame(d), 0x12, 0x34];

        var (accessUnits, consumed, config) = Split(data);

        Assert.Equal([a, b, c, d], accessUnits);
        Assert.Equal(data.Length, consumed);
        Assert.Equal(Lc8kMono, config);
    }

    [Fact]
    public void After_garbage_skips_a_chance_header_that_is_not_followed_by_a_sync_word()
    {
        var payload = AdtsSamples.Payload(50, 0x11);
        // After a garbage byte, a valid-looking header claiming 20 bytes whose end does not meet the next sync word.
        var fake = AdtsSamples.Frame(AdtsSamples.Payload(13, 0x00), frequencyIndex: 0);
        byte[] data = [0x00, .. fake, 0x01, 0x02, .. AdtsSamples.Frame(payload)];

        var (accessUnits, consumed, config) = Split(data);

        Assert.Equal(payload, Assert.Single(accessUnits));
        Assert.Equal(data.Length, consumed);
        Assert.Equal(Lc8kMono, config);
    }

    [Fact]
    public void Strips_the_crc_with_the_header()
    {
        var payload = AdtsSamples.Payload(30);

        var (accessUnits, _, _) = Split(AdtsSamples.Frame(payload, crc: true));

        Assert.Equal(payload, Assert.Single(accessUnits));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(7)] // header complete, payload missing
    [InlineData(30)]
    public void Leaves_a_cut_off_frame_unconsumed(int cutLength)
    {
        var first = AdtsSamples.Frame(AdtsSamples.Payload(40));
        var second = AdtsSamples.Frame(AdtsSamples.Payload(40), crc: true);

        var (accessUnits, consumed, _) = Split([.. first, .. second[..cutLength]]);

        Assert.Single(accessUnits);
        Assert.Equal(first.Length, consumed);
    }

    [Fact]
    public void A_short_tail_that_cannot_start_a_header_is_consumed()
    {
        var frame = AdtsSamples.Frame(AdtsSamples.Payload(40));

        var (_, consumed, _) = Split([.. frame, 0xFF, 0x00, 0x01]);

        Assert.Equal(frame.Length + 3, consumed);
    }

    [Fact]
    public void Stops_before_a_frame_with_another_config()
    {
        var mono = AdtsSamples.Frame(AdtsSamples.Payload(40));
        var stereo = AdtsSamples.Frame(AdtsSamples.Payload(40), frequencyIndex: 3, channels: 2);

        var (first, consumed, config) = Split([.. mono, .. mono, .. stereo]);
        var (second, rest, nextConfig) = Split(stereo);

        Assert.Equal(2, first.Count);
        Assert.Equal(2 * mono.Length, consumed);
        Assert.Equal(Lc8kMono, config);
        Assert.Single(second);
        Assert.Equal(stereo.Length, rest);
        Assert.Equal(new AudioSpecificConfig(2, 48000, 2), nextConfig);
    }

    [Fact]
    public void Skips_frames_with_several_raw_data_blocks()
    {
        var payload = AdtsSamples.Payload(40, 0x33);
        byte[] data = [.. AdtsSamples.Frame(AdtsSamples.Payload(80), rawDataBlocks: 2), .. AdtsSamples.Frame(payload)];

        var (accessUnits, consumed, _) = Split(data);

        Assert.Equal(payload, Assert.Single(accessUnits));
        Assert.Equal(data.Length, consumed);
    }

    [Fact]
    public void Garbage_alone_yields_nothing()
    {
        var (accessUnits, consumed, config) = Split([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09]);

        Assert.Empty(accessUnits);
        Assert.Equal(10, consumed);
        Assert.Null(config);
    }

    [Fact]
    public void Random_and_mutated_input_never_throws_and_always_makes_progress_or_waits()
    {
        var file = SampleFiles.Read("sine8k.aac");
        var random = new Random(13818);
        var accessUnits = new List<ReadOnlyMemory<byte>>();
        for (var i = 0; i < 5000; i++)
        {
            var start = random.Next(file.Length);
            var data = file.AsSpan(start, Math.Min(random.Next(1, 1500), file.Length - start)).ToArray();
            for (var m = random.Next(0, 10); m > 0 && data.Length > 0; m--)
            {
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }

            accessUnits.Clear();
            var consumed = AdtsSplitter.Split(data, accessUnits, out var config);

            Assert.InRange(consumed, 0, data.Length);
            Assert.Equal(accessUnits.Count > 0, config is not null);
        }
    }
}
