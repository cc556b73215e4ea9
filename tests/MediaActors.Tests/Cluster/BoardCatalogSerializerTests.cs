using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.TestKit.Xunit;
using CsCheck;
using MediaActors.Cluster;
using MediaActors.Flow;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;

namespace MediaActors.Tests.Cluster;

/// <summary>The discovery protocol's binary format: round trips, versions, and input that is truncated, corrupt or unknown.</summary>
public sealed class BoardCatalogSerializerTests : TestKit
{
    // An SPS, a PPS (Annex-B): what a session offers so that a relay can answer DESCRIBE.
    private static readonly byte[] ParameterSets = [0, 0, 0, 1, 0x67, 0x4D, 0x00, 0x28, 0xE9, 0x00, 0xF0, 0x04, 0x4F, 0xCB, 0x08, 0, 0, 0, 1, 0x68, 0xEE, 0x3C, 0x80];

    private readonly BoardCatalogSerializer _serializer;

    public BoardCatalogSerializerTests(ITestOutputHelper output)
        : base(WireFormatChecks.LocalWithClusterSerialization, output: output)
    {
        _serializer = new BoardCatalogSerializer((ExtendedActorSystem)Sys);
    }

    /// <summary>One of each message, with values that exercise every field.</summary>
    private IEnumerable<object> Samples() =>
    [
        BoardCatalog.Watch.Instance,
        new BoardCatalog.Watching("board-1"),
        new BoardCatalog.SessionOffered("board-1", "live/main", Codec.H265, ParameterSets, TestActor),
        new BoardCatalog.SessionOffered("board-1", "live/sound", Codec.H264, ParameterSets, TestActor, Codec.Aac),
        new BoardCatalog.SessionWithdrawn("board-1", "live/main"),
        new BoardCatalog.RelayLoad("rtsp://10.0.0.5:8554/", 1234, 500),
    ];

    [Fact]
    public void Every_catalog_message_is_bound_to_the_catalog_serializer_with_its_fixed_identifier()
    {
        var serialization = Sys.Serialization;
        foreach (var message in Samples())
        {
            var serializer = serialization.FindSerializerFor(message);
            Assert.IsType<BoardCatalogSerializer>(serializer);
            Assert.Equal(231, serializer.Identifier);
        }
        // The system reads identifier 231 with it.
        var withdrawn = new BoardCatalog.SessionWithdrawn("board-1", "cam");
        Assert.Equal(withdrawn, serialization.Deserialize(serialization.Serialize(withdrawn), BoardCatalogSerializer.Id, "X"));
        var offered = new BoardCatalog.SessionOffered("board-1", "cam", Codec.H264, ParameterSets, TestActor);
        AssertSameOffer(offered, Assert.IsType<BoardCatalog.SessionOffered>(
            serialization.Deserialize(serialization.Serialize(offered), BoardCatalogSerializer.Id, "O")));
        Assert.Same(BoardCatalog.Watch.Instance, serialization.Deserialize(serialization.Serialize(BoardCatalog.Watch.Instance), BoardCatalogSerializer.Id, "W"));
    }

    [Fact]
    public void Watch_reads_back_as_its_singleton()
    {
        Assert.Same(BoardCatalog.Watch.Instance, RoundTrip(BoardCatalog.Watch.Instance));
        Assert.Equal([BoardCatalogSerializer.FormatVersion], _serializer.ToBinary(BoardCatalog.Watch.Instance));
    }

    [Theory]
    [InlineData("b", "s")]
    [InlineData("board-1", "live/main")]
    [InlineData("Küche ✗", "caméra/😀")]
    public void Watching_and_SessionWithdrawn_round_trip_any_names(string board, string session)
    {
        Assert.Equal(new BoardCatalog.Watching(board), RoundTrip(new BoardCatalog.Watching(board)));
        Assert.Equal(new BoardCatalog.SessionWithdrawn(board, session), RoundTrip(new BoardCatalog.SessionWithdrawn(board, session)));
    }

    [Fact]
    public void RelayLoad_round_trips_and_neither_end_takes_a_negative_count_or_an_empty_url()
    {
        var load = new BoardCatalog.RelayLoad("rtsp://[fd00::1]:8554/", 0, int.MaxValue);
        Assert.Equal(load, RoundTrip(load));

        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new BoardCatalog.RelayLoad("rtsp://a/", -1, 0)));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new BoardCatalog.RelayLoad("", 1, 0)));
        var bytes = _serializer.ToBinary(new BoardCatalog.RelayLoad("u", 1, 2));
        bytes.AsSpan(6, 4).Fill(0xFF);
        Assert.Contains("the connections is -1", ReadError(bytes, "L"));
    }

    [Theory]
    [InlineData(Codec.H264, 0)]
    [InlineData(Codec.H264, 23)]
    [InlineData(Codec.H265, 0)]
    [InlineData(Codec.H265, 23)]
    public void SessionOffered_round_trips_with_its_source_resolved_to_the_same_actor(Codec codec, int parameterSetsLength)
    {
        var offered = new BoardCatalog.SessionOffered("board-1", "live/main", codec, ParameterSets.AsMemory(0, parameterSetsLength), TestActor);

        var read = RoundTrip(offered);

        AssertSameOffer(offered, read);
        Assert.Equal(TestActor, read.Source);
    }

    [Fact]
    public void SessionOffered_from_a_slice_reads_back_as_that_slice_wrapping_the_received_bytes()
    {
        var probe = CreateTestProbe();
        var offered = new BoardCatalog.SessionOffered("b", "s", Codec.H264, ParameterSets.AsMemory(4, 11), probe.Ref);

        var bytes = _serializer.ToBinary(offered);
        var read = Assert.IsType<BoardCatalog.SessionOffered>(_serializer.FromBinary(bytes, "O"));

        AssertSameOffer(offered, read);
        Assert.Equal(probe.Ref, read.Source);
        Assert.True(MemoryMarshal.TryGetArray(read.ParameterSets, out var segment));
        Assert.Same(bytes, segment.Array);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void A_format_version_this_node_does_not_read_is_rejected_naming_it(byte version) =>
        WireFormatChecks.AssertOtherVersionRejected(_serializer, Samples().Where(message => message is not BoardCatalog.SessionOffered),
            BoardCatalogSerializer.FormatVersion, version);

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(255)]
    public void An_offer_of_a_version_this_node_does_not_read_is_rejected_naming_it(byte version) =>
        WireFormatChecks.AssertOtherVersionRejected(_serializer, Samples().OfType<BoardCatalog.SessionOffered>(),
            BoardCatalogSerializer.OfferedWithAudioVersion, version);

    [Theory]
    [InlineData(null)]
    [InlineData(Codec.Pcmu)]
    [InlineData(Codec.Pcma)]
    [InlineData(Codec.Aac)]
    public void SessionOffered_round_trips_with_its_audio_codec(Codec? audio)
    {
        var offered = new BoardCatalog.SessionOffered("board-1", "cam", Codec.H264, ParameterSets, TestActor, audio);

        Assert.Equal(audio, RoundTrip(offered).Audio);
    }

    [Fact]
    public void An_offer_of_version_1_from_a_board_that_has_no_audio_byte_yet_is_still_read()
    {
        // Version 1 is version 2 without the audio byte (offset 12 for board "b" and session "s").
        var offered = new BoardCatalog.SessionOffered("b", "s", Codec.H264, ParameterSets, TestActor);
        var bytes = _serializer.ToBinary(offered);
        byte[] version1 = [1, .. bytes.AsSpan(1, 11), .. bytes.AsSpan(13)];

        var read = Assert.IsType<BoardCatalog.SessionOffered>(_serializer.FromBinary(version1, "O"));

        AssertSameOffer(offered, read);
        Assert.Null(read.Audio);
    }

    [Fact]
    public void Every_truncation_of_every_message_and_every_extra_byte_is_rejected()
    {
        WireFormatChecks.AssertTruncationsAndExtraBytesRejected(_serializer, Samples());
    }

    [Fact]
    public void An_unknown_manifest_is_rejected_naming_it_and_the_known_ones_and_other_messages_are_not_taken()
    {
        var error = Assert.Throws<SerializationException>(() => _serializer.FromBinary([BoardCatalogSerializer.FormatVersion], "F"));
        Assert.Contains("'F'", error.Message);
        Assert.Contains("W, B, O, X, L", error.Message);
        Assert.Throws<ArgumentException>(() => _serializer.Manifest("a string"));
        Assert.Throws<ArgumentException>(() => _serializer.ToBinary(new FrameFlow.Attach(1)));
    }

    public static TheoryData<string, int, byte[], string> OfferCorruptions => new()
    {
        // Offered("b", "s", H264, 4 bytes, TestActor): offset 0 version; 1 board; 6 session; 11 codec; 12 audio codec;
        // 13 parameter sets' length; 17 its bytes; 21 path.
        { "an audio codec's code (AAC) as the video codec", 11, [2], "the codec is 2, which is not 0 (H.264) or 1 (H.265)" },
        { "a codec that does not exist", 11, [7], "the codec is 7" },
        { "a codec byte far off", 11, [0xFF], "the codec is 255" },
        { "a video codec's code as the audio codec", 12, [0], "the audio codec is 0, which is no audio codec's code" },
        { "an audio codec that does not exist", 12, [7], "the audio codec is 7" },
        { "a negative parameter sets' length", 13, [0xFF, 0xFF, 0xFF, 0xFF], "the length of the parameter sets is -1" },
        { "parameter sets longer than the input", 13, [0x00, 0x00, 0x00, 0x10], "the input ends inside the parameter sets" },
        { "a negative board length", 1, [0x00, 0x00, 0x00, 0x80], "the board's length is -2147483648" },
        { "a board that is not UTF-8", 5, [0xC3], "the board is not valid UTF-8" },
        { "a source path that is not an actor path", 25, "nope:"u8.ToArray(), "is not an actor path" },
    };

    [Theory]
    [MemberData(nameof(OfferCorruptions))]
    public void A_corrupt_offer_is_rejected_naming_the_problem(string corruption, int offset, byte[] patch, string named)
    {
        var bytes = _serializer.ToBinary(new BoardCatalog.SessionOffered("b", "s", Codec.H264, new byte[] { 0, 0, 1, 0x67 }, TestActor));
        patch.CopyTo(bytes, offset);

        var error = Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, "O"));
        Assert.True(error.Message.Contains(named, StringComparison.Ordinal), $"{corruption}: {error.Message}");
        Assert.Contains("BoardCatalog.SessionOffered (manifest O)", error.Message);
    }

    [Fact]
    public void A_source_path_with_a_malformed_uid_is_rejected()
    {
        // Akka's ActorPath.TryParse throws on this uid instead of answering false (see the camera serializer's tests).
        var bytes = _serializer.ToBinary(new BoardCatalog.SessionOffered("b", "s", Codec.H264, ParameterSets, TestActor));
        bytes[Array.LastIndexOf(bytes, (byte)'#') + 1] = (byte)']';

        Assert.Contains("is not an actor path", Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, "O")).Message);
    }

    [Fact]
    public void Empty_names_are_neither_written_nor_read()
    {
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new BoardCatalog.Watching("")));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new BoardCatalog.SessionWithdrawn("b", "")));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new BoardCatalog.SessionWithdrawn(null!, "s")));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new BoardCatalog.SessionOffered("", "s", Codec.H264, ParameterSets, TestActor)));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new BoardCatalog.SessionOffered("b", "", Codec.H264, ParameterSets, TestActor)));

        Assert.Contains("the board is empty", ReadError([BoardCatalogSerializer.FormatVersion, 0, 0, 0, 0], "B"));
        Assert.Contains("the session is empty", ReadError([BoardCatalogSerializer.FormatVersion, 1, 0, 0, 0, (byte)'b', 0, 0, 0, 0], "X"));
        var offered = _serializer.ToBinary(new BoardCatalog.SessionOffered("b", "s", Codec.H264, ParameterSets, TestActor));
        Assert.Contains("the board is empty", ReadError([BoardCatalogSerializer.OfferedWithAudioVersion, 0, 0, 0, 0, .. offered.AsSpan(6)], "O"));
    }

    [Fact]
    public void An_offer_without_a_codec_code_or_a_source_is_not_written()
    {
        Assert.Contains("codec 99", Assert.Throws<SerializationException>(() =>
            _serializer.ToBinary(new BoardCatalog.SessionOffered("b", "s", (Codec)99, ParameterSets, TestActor))).Message);
        Assert.Contains("codec Aac is not a video codec", Assert.Throws<SerializationException>(() =>
            _serializer.ToBinary(new BoardCatalog.SessionOffered("b", "s", Codec.Aac, ParameterSets, TestActor))).Message);
        Assert.Contains("codec H264 is not an audio codec", Assert.Throws<SerializationException>(() =>
            _serializer.ToBinary(new BoardCatalog.SessionOffered("b", "s", Codec.H264, ParameterSets, TestActor, Codec.H264))).Message);
        Assert.Throws<SerializationException>(() =>
            _serializer.ToBinary(new BoardCatalog.SessionOffered("b", "s", Codec.H264, ParameterSets, null!)));
    }

    [Fact]
    public void A_parameter_sets_length_is_checked_against_the_input_before_anything_is_allocated()
    {
        var bytes = _serializer.ToBinary(new BoardCatalog.SessionOffered("b", "s", Codec.H264, ParameterSets, TestActor));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(13), int.MaxValue);

        Assert.Contains("needs 2147483647 bytes", ReadError(bytes, "O"));
    }

    [Fact]
    public void Random_and_mutated_input_under_every_manifest_is_read_or_rejected_with_a_SerializationException() =>
        WireFormatChecks.AssertGarbageReadOrRejected(_serializer, Samples(), BoardCatalogSerializer.FormatVersion, iterations: 8000);

    /// <summary>Field by field: a record's equality compares <see cref="BoardCatalog.SessionOffered.ParameterSets"/> by reference.</summary>
    private static void AssertSameOffer(BoardCatalog.SessionOffered expected, BoardCatalog.SessionOffered actual)
    {
        Assert.Equal((expected.Board, expected.Session, expected.Codec, expected.Audio, expected.Source), (actual.Board, actual.Session, actual.Codec, actual.Audio, actual.Source));
        Assert.Equal(expected.ParameterSets.ToArray(), actual.ParameterSets.ToArray());
    }

    private T RoundTrip<T>(T message)
        where T : notnull =>
        Assert.IsType<T>(_serializer.FromBinary(_serializer.ToBinary(message), _serializer.Manifest(message)));

    private string ReadError(byte[] bytes, string manifest) =>
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, manifest)).Message;
}
