using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Rtp;
using static MediaActors.Protocol.Tests.Rtp.NalUnitRtpSamples;
using static MediaActors.Protocol.Tests.Rtp.RtpTestPackets;

namespace MediaActors.Protocol.Tests.Rtp;

/// <summary>
/// What the H.264 and H.265 packetizers and depacketizers share (one generic implementation),
/// run for each. Header layouts are tested beside each format.
/// </summary>
public sealed class NalUnitPacketizationTests
{
    private const int MaxPacketSize = 1200;
    private const int MaxPayload = MaxPacketSize - RtpHeader.Size;

    public static TheoryData<string, int, int> FragmentationBoundaries()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var codec in Names)
        {
            var samples = For(codec);
            var fragment = MaxPayload - samples.FragmentationHeaderSize;
            var header = samples.SliceHeader.Length;
            data.Add(codec, MaxPayload - 1, 1);
            data.Add(codec, MaxPayload, 1);
            data.Add(codec, MaxPayload + 1, 2);
            data.Add(codec, (2 * fragment) + header, 2); // exactly two full fragments after the NAL header
            data.Add(codec, (2 * fragment) + header + 1, 3);
            data.Add(codec, 100 * 1024, 87);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FragmentationBoundaries))]
    public void Round_trips_bit_exact_around_the_fragmentation_boundary(string codec, int nalLength, int expectedPackets)
    {
        var samples = For(codec);
        var nal = samples.RandomSlice(new Random(nalLength), nalLength);
        var packetizer = samples.CreatePacketizer(ssrc: 0x11223344, initialSequenceNumber: 100, maxPacketSize: MaxPacketSize);

        var batch = packetizer.Packetize(KeyframeOf(nal), rtpTimestamp: 90000);

        Assert.Equal(expectedPackets, batch.Count);
        var received = samples.Depacketize(batch);
        Assert.Equal(nal, Assert.Single(received.NalUnits).ToArray());
        Assert.True(received.IsKeyframe);
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.True(batch[i].Length <= MaxPacketSize);
            Assert.True(RtpHeader.TryRead(batch[i].Span, out var header, out _));
            Assert.Equal(i == batch.Count - 1, header.Marker);
            Assert.Equal((90000u, 0x11223344u, (ushort)(100 + i), (byte)96), (header.Timestamp, header.Ssrc, header.SequenceNumber, header.PayloadType));
        }
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(NalUnitRtpSamples))]
    public void Sequence_numbers_wrap_at_65535(string codec)
    {
        var samples = For(codec);
        var packetizer = samples.CreatePacketizer(1, initialSequenceNumber: 65534, maxPacketSize: MaxPacketSize);

        var batch = packetizer.Packetize(KeyframeOf(samples.RandomSlice(new Random(3), MaxPayload * 3)), 0);

        Assert.Equal(4, batch.Count);
        Assert.Equal(65534, batch.FirstSequenceNumber);
        ushort[] sequenceNumbers = [65534, 65535, 0, 1];
        for (var i = 0; i < batch.Count; i++)
        {
            RtpHeader.TryRead(batch[i].Span, out var header, out _);
            Assert.Equal(sequenceNumbers[i], header.SequenceNumber);
        }

        Assert.Equal(2, packetizer.NextSequenceNumber);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(NalUnitRtpSamples))]
    public void Random_access_units_round_trip_in_sequence(string codec)
    {
        var samples = For(codec);
        var random = new Random(42);
        var packetizer = samples.CreatePacketizer(7, 65000, payloadType: 98, maxPacketSize: MaxPacketSize);
        var depacketizer = samples.CreateDepacketizer();
        for (var frame = 0; frame < 200; frame++)
        {
            var nalUnits = Enumerable.Range(0, random.Next(1, 6)).Select(_ => samples.RandomSlice(random, random.Next(2, 5000))).ToArray();
            var batch = packetizer.Packetize(KeyframeOf(nalUnits), (uint)(frame * 3000));
            AccessUnit? received = null;
            for (var i = 0; i < batch.Count; i++)
            {
                depacketizer.TryPush(batch[i].Span, out received);
            }

            Assert.Equal(nalUnits, NalUnitsOf(received));
            Assert.Equal((uint)(frame * 3000), batch.Timestamp);
        }

        Assert.Equal((0L, 0L), (depacketizer.LostPackets, depacketizer.DiscardedPackets));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(NalUnitRtpSamples))]
    public void Empty_access_unit_gives_an_empty_batch(string codec)
    {
        var packetizer = For(codec).CreatePacketizer(1, 5);

        var batch = packetizer.Packetize(new AccessUnit([], false, true), 0);

        Assert.Equal(0, batch.Count);
        Assert.Equal(5, packetizer.NextSequenceNumber);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(NalUnitRtpSamples))]
    public void Packetizer_rejects_invalid_arguments(string codec)
    {
        var samples = For(codec);

        Assert.Throws<ArgumentOutOfRangeException>("maxPacketSize", () => samples.CreatePacketizer(1, 0, maxPacketSize: 99));
        Assert.Throws<ArgumentOutOfRangeException>("maxPacketSize", () => samples.CreatePacketizer(1, 0, maxPacketSize: 65508));
        Assert.Throws<ArgumentOutOfRangeException>("payloadType", () => samples.CreatePacketizer(1, 0, payloadType: 128));
        Assert.Throws<ArgumentNullException>("accessUnit", () => samples.CreatePacketizer(1, 0).Packetize(null!, 0));
        Assert.Throws<ArgumentOutOfRangeException>("maxAccessUnitBytes", () => samples.CreateDepacketizer(0));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(NalUnitRtpSamples))]
    public void Timestamp_change_completes_an_access_unit_whose_marker_was_lost(string codec)
    {
        var samples = For(codec);
        var depacketizer = samples.CreateDepacketizer();
        byte[][] slices = [[.. samples.SliceHeader, 1], [.. samples.SliceHeader, 2], [.. samples.SliceHeader, 3]];
        depacketizer.TryPush(Packet(1, 100, false, slices[0]), out _);

        Assert.True(depacketizer.TryPush(Packet(3, 200, false, slices[1]), out var previous));
        Assert.Equal([slices[0]], NalUnitsOf(previous));
        Assert.Equal(100u, depacketizer.AccessUnitTimestamp);
        Assert.True(depacketizer.TryPush(Packet(4, 200, true, slices[2]), out var current));
        Assert.Equal(slices[1..], NalUnitsOf(current));
        Assert.Equal(200u, depacketizer.AccessUnitTimestamp);
        Assert.Equal(1, depacketizer.LostPackets);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(NalUnitRtpSamples))]
    public void A_marker_packet_with_a_new_timestamp_returns_its_own_access_unit_and_timestamp(string codec)
    {
        var samples = For(codec);
        var depacketizer = samples.CreateDepacketizer();
        byte[][] slices = [[.. samples.SliceHeader, 1], [.. samples.SliceHeader, 2]];
        depacketizer.TryPush(Packet(1, 100, false, slices[0]), out _);

        Assert.True(depacketizer.TryPush(Packet(2, 200, true, slices[1]), out var current));

        Assert.Equal([slices[1]], NalUnitsOf(current));
        Assert.Equal(200u, depacketizer.AccessUnitTimestamp);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(NalUnitRtpSamples))]
    public void Sequence_wrap_is_not_a_loss_and_a_late_duplicate_is_discarded(string codec)
    {
        var samples = For(codec);
        var depacketizer = samples.CreateDepacketizer();
        byte[] slice = [.. samples.SliceHeader, 1];
        depacketizer.TryPush(Packet(65535, 1, false, slice), out _);

        Assert.False(depacketizer.TryPush(Packet(65535, 1, false, slice), out _));
        Assert.True(depacketizer.TryPush(Packet(0, 1, true, slice), out var accessUnit));
        Assert.Equal(2, accessUnit!.NalUnits.Count);
        Assert.Equal((0L, 1L), (depacketizer.LostPackets, depacketizer.DiscardedPackets));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(NalUnitRtpSamples))]
    public void Access_unit_size_is_bounded(string codec)
    {
        var samples = For(codec);
        var depacketizer = samples.CreateDepacketizer(maxAccessUnitBytes: 10);
        depacketizer.TryPush(Packet(1, 1, false, [.. samples.SliceHeader, 1, 2, 3, 4, 5, 6, 7, 8, 9]), out _);

        Assert.True(depacketizer.TryPush(Packet(2, 1, true, [.. samples.SliceHeader, 1, 2, 3, 4]), out var accessUnit));
        Assert.Single(accessUnit!.NalUnits);
        Assert.Equal(1, depacketizer.DiscardedPackets);
    }

    /// <summary>
    /// Packets of the stream with mutated payloads, packets cut short anywhere (header included)
    /// and blobs that are not RTP never throw; every access unit that comes out of them holds
    /// non-empty NAL units within the size bound; the counters only grow; and none of it spoils the
    /// depacketizer: the next clean access unit comes out exactly. (Which packets belong to the
    /// stream, by SSRC and sequence window, is the receiving RTP layer's concern: a packet whose
    /// sequence number is garbled cannot be told from a late or a restarted one.)
    /// </summary>
    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(NalUnitRtpSamples))]
    public void Garbage_and_mutated_packets_never_throw_and_never_spoil_the_next_clean_access_unit(string codec)
    {
        const int maxAccessUnitBytes = 4096;
        var samples = For(codec);
        var random = new Random(7);
        var packetizer = samples.CreatePacketizer(1, 0, maxPacketSize: 200);
        var depacketizer = samples.CreateDepacketizer(maxAccessUnitBytes);
        long lost = 0, discarded = 0;
        for (var i = 0; i < 3000; i++)
        {
            var nal = new byte[random.Next(2, 600)];
            random.NextBytes(nal);
            var batch = packetizer.Packetize(new AccessUnit([nal, nal.AsMemory(0, Math.Min(nal.Length, 30))], false, true), (uint)i);
            for (var p = 0; p < batch.Count; p++)
            {
                var packet = batch[p].ToArray();
                for (var m = random.Next(3) == 0 ? random.Next(1, 4) : 0; m > 0; m--)
                {
                    packet[random.Next(RtpHeader.Size, packet.Length)] = (byte)random.Next(256);
                }

                PushChecked(packet.AsSpan(0, random.Next(4) == 0 ? random.Next(packet.Length + 1) : packet.Length));
            }

            var garbage = new byte[random.Next(1, 64)];
            random.NextBytes(garbage);
            garbage[0] &= 0x3F; // RTP version 0: not a packet of the stream
            PushChecked(garbage);

            var clean = new[] { samples.RandomSlice(random, random.Next(10, 500)), samples.RandomSlice(random, random.Next(10, 500)) };
            var cleanBatch = packetizer.Packetize(new AccessUnit([.. clean.Select(unit => (ReadOnlyMemory<byte>)unit)], true, true), 0x8000_0000u + (uint)i);
            AccessUnit? accessUnit = null;
            for (var p = 0; p < cleanBatch.Count; p++)
            {
                accessUnit = PushChecked(cleanBatch[p].Span);
            }

            Assert.NotNull(accessUnit);
            Assert.Equal(clean, accessUnit!.NalUnits.Select(unit => unit.ToArray()));
        }

        AccessUnit? PushChecked(ReadOnlySpan<byte> packet)
        {
            var completed = depacketizer.TryPush(packet, out var accessUnit);
            Assert.Equal(completed, accessUnit is not null);
            if (completed)
            {
                Assert.NotEmpty(accessUnit!.NalUnits);
                Assert.All(accessUnit.NalUnits, unit => Assert.False(unit.IsEmpty, "an empty NAL unit"));
                Assert.InRange(accessUnit.NalUnits.Sum(unit => unit.Length), 1, maxAccessUnitBytes);
            }

            Assert.True(depacketizer.LostPackets >= lost && depacketizer.DiscardedPackets >= discarded, "a counter went down");
            (lost, discarded) = (depacketizer.LostPackets, depacketizer.DiscardedPackets);
            return accessUnit;
        }
    }
}
