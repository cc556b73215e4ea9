using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using MediaActors.Protocol.Formats;

namespace MediaActors.Cluster;

/// <summary>
/// The binary serializer of the discovery protocol, for the messages that cross nodes between a
/// board's catalog and the relays that watch it: <see cref="BoardCatalog.Watch"/>, its answer
/// <see cref="BoardCatalog.Watching"/>, <see cref="BoardCatalog.SessionOffered"/> and
/// <see cref="BoardCatalog.SessionWithdrawn"/>. Registered in hocon/cluster.conf under identifier
/// <see cref="Id"/>; the JSON default never sees these types.
/// </summary>
/// <remarks>
/// The wire format is the frame flow's (<see cref="FrameFlowSerializer"/>, with the same
/// readers and writers): every message starts with a format version byte (<see cref="FormatVersion"/>,
/// versioned apart from the frame flow's); integers are little-endian and fixed-width; strings are an
/// int32 byte count and UTF-8. A node rejects a version it does not know, and an unknown manifest,
/// with a <see cref="SerializationException"/> (Akka.Remote logs it and drops that message only), so
/// a newer message or format can be introduced once every node reads it. Board and session names
/// cannot be empty, on either end: a relay serves a session under them.
/// </remarks>
public sealed class BoardCatalogSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer's identifier on the wire (Akka.NET reserves 0 to 40 for itself); never reuse it for another format.</summary>
    public const int Id = 231;

    /// <summary>The version of the layouts below; the first byte of every message.</summary>
    public const byte FormatVersion = 1;

    /// <summary>The version of <see cref="BoardCatalog.SessionOffered"/> that carries the audio codec; version 1 offers (video only) are still read.</summary>
    public const byte OfferedWithAudioVersion = 2;

    internal const string WatchManifest = "W";
    internal const string WatchingManifest = "B";
    internal const string SessionOfferedManifest = "O";
    internal const string SessionWithdrawnManifest = "X";
    internal const string RelayLoadManifest = "L";

    private const string Known = "W, B, O, X, L";

    /// <summary>The audio codec byte of an offer without audio.</summary>
    private const byte NoAudio = 0xFF;

    private const string WatchWhat = "BoardCatalog.Watch (manifest " + WatchManifest + ")";
    private const string WatchingWhat = "BoardCatalog.Watching (manifest " + WatchingManifest + ")";
    private const string SessionOfferedWhat = "BoardCatalog.SessionOffered (manifest " + SessionOfferedManifest + ")";
    private const string SessionWithdrawnWhat = "BoardCatalog.SessionWithdrawn (manifest " + SessionWithdrawnManifest + ")";

    public BoardCatalogSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        BoardCatalog.Watch => WatchManifest,
        BoardCatalog.Watching => WatchingManifest,
        BoardCatalog.SessionOffered => SessionOfferedManifest,
        BoardCatalog.SessionWithdrawn => SessionWithdrawnManifest,
        BoardCatalog.RelayLoad => RelayLoadManifest,
        _ => throw NotACatalogMessage(o),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        BoardCatalog.Watch => new WireWriter(1, FormatVersion).ToArray(),
        BoardCatalog.Watching watching => WriteWatching(watching),
        BoardCatalog.SessionOffered offered => WriteOffered(offered),
        BoardCatalog.SessionWithdrawn withdrawn => WriteWithdrawn(withdrawn),
        BoardCatalog.RelayLoad load => WriteLoad(load),
        _ => throw NotACatalogMessage(obj),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return manifest switch
        {
            WatchManifest => ReadWatch(bytes),
            WatchingManifest => ReadWatching(bytes),
            SessionOfferedManifest => ReadOffered(bytes),
            SessionWithdrawnManifest => ReadWithdrawn(bytes),
            RelayLoadManifest => ReadLoad(bytes),
            _ => throw new SerializationException(
                $"Unknown manifest '{manifest}' for the board catalog serializer (id {Id}), which reads {Known}: the sender runs a version of MediaActors with messages this node does not know."),
        };
    }

    private static BoardCatalog.Watch ReadWatch(byte[] bytes)
    {
        WireReader.ReadEmpty(bytes, WatchWhat, FormatVersion);
        return BoardCatalog.Watch.Instance;
    }

    // Watching: the board (string).
    private static byte[] WriteWatching(BoardCatalog.Watching watching)
    {
        CheckName(watching.Board, "BoardCatalog.Watching", "board");
        var writer = new WireWriter(1 + WireWriter.Utf8Size(watching.Board), FormatVersion);
        writer.WriteUtf8(watching.Board);
        return writer.ToArray();
    }

    private static BoardCatalog.Watching ReadWatching(byte[] bytes)
    {
        var reader = new WireReader(bytes, WatchingWhat);
        reader.ReadVersion(FormatVersion);
        var board = reader.ReadNonEmptyUtf8("the board");
        reader.End();
        return new BoardCatalog.Watching(board);
    }

    // SessionOffered (version 2): the board, the session (strings), the video codec (byte: 0 H.264,
    // 1 H.265), the audio codec (byte: 2 AAC, 3 PCMU, 4 PCMA, NoAudio without), the parameter sets
    // (int32 length, bytes) and the source's actor path (string), which the reading node resolves to
    // an actor ref of its own. The parameter sets read back wrap the received array. Version 1 had no
    // audio byte.
    private static byte[] WriteOffered(BoardCatalog.SessionOffered offered)
    {
        const string What = "BoardCatalog.SessionOffered";
        CheckName(offered.Board, What, "board");
        CheckName(offered.Session, What, "session");
        if (!CodecFormat.IsVideo(offered.Codec))
        {
            throw Unwritable(What, $"codec {offered.Codec} is not a video codec");
        }

        if (offered.Audio is { } audio && !CodecFormat.IsAudio(audio))
        {
            throw Unwritable(What, $"codec {audio} is not an audio codec");
        }

        if (offered.Source is null)
        {
            throw Unwritable(What, "it has no source");
        }

        var path = WireWriter.PathOf(offered.Source);
        var parameterSets = offered.ParameterSets.Span;
        var size = 1L + WireWriter.Utf8Size(offered.Board) + WireWriter.Utf8Size(offered.Session) + 2
            + sizeof(int) + parameterSets.Length + WireWriter.Utf8Size(path);
        if (size > Array.MaxLength)
        {
            throw Unwritable(What, $"its {parameterSets.Length} bytes of parameter sets do not fit into one message");
        }

        var writer = new WireWriter((int)size, OfferedWithAudioVersion);
        writer.WriteUtf8(offered.Board);
        writer.WriteUtf8(offered.Session);
        writer.WriteByte(WireWriter.CodecCode(offered.Codec));
        writer.WriteByte(offered.Audio is { } audioCodec ? WireWriter.CodecCode(audioCodec) : NoAudio);
        writer.WriteBlock(parameterSets);
        writer.WriteUtf8(path);
        return writer.ToArray();
    }

    private BoardCatalog.SessionOffered ReadOffered(byte[] bytes)
    {
        var reader = new WireReader(bytes, SessionOfferedWhat);
        var version = reader.ReadVersion(FormatVersion, OfferedWithAudioVersion);
        var board = reader.ReadNonEmptyUtf8("the board");
        var session = reader.ReadNonEmptyUtf8("the session");
        var codec = reader.ReadCodec("the codec", CodecFormat.IsVideo);
        Codec? audio = null;
        if (version >= OfferedWithAudioVersion)
        {
            var code = reader.ReadByte("the audio codec");
            if (code != NoAudio)
            {
                audio = CodecFormat.TryFromWireCode(code, out var format) && CodecFormat.IsAudio(format.Codec)
                    ? format.Codec
                    : throw reader.Invalid($"the audio codec is {code}, which is no audio codec's code (nor {NoAudio}, none)");
            }
        }

        var (offset, length) = reader.ReadBlock("the parameter sets");
        var source = reader.ReadActorRef("the source's actor path", system.Provider);
        reader.End();
        return new BoardCatalog.SessionOffered(board, session, codec, new ReadOnlyMemory<byte>(bytes, offset, length), source, audio);
    }

    // SessionWithdrawn: the board, the session (strings).
    private static byte[] WriteWithdrawn(BoardCatalog.SessionWithdrawn withdrawn)
    {
        const string What = "BoardCatalog.SessionWithdrawn";
        CheckName(withdrawn.Board, What, "board");
        CheckName(withdrawn.Session, What, "session");
        var writer = new WireWriter(1 + WireWriter.Utf8Size(withdrawn.Board) + WireWriter.Utf8Size(withdrawn.Session), FormatVersion);
        writer.WriteUtf8(withdrawn.Board);
        writer.WriteUtf8(withdrawn.Session);
        return writer.ToArray();
    }

    private static BoardCatalog.SessionWithdrawn ReadWithdrawn(byte[] bytes)
    {
        var reader = new WireReader(bytes, SessionWithdrawnWhat);
        reader.ReadVersion(FormatVersion);
        var board = reader.ReadNonEmptyUtf8("the board");
        var session = reader.ReadNonEmptyUtf8("the session");
        reader.End();
        return new BoardCatalog.SessionWithdrawn(board, session);
    }

    // RelayLoad: the base URL (string, not empty), the connections and the redirect limit (int32 each, not negative).
    private static byte[] WriteLoad(BoardCatalog.RelayLoad load)
    {
        CheckName(load.BaseUrl, "BoardCatalog.RelayLoad", "base URL");
        if (load.Connections < 0 || load.RedirectAbove < 0)
        {
            throw Unwritable("BoardCatalog.RelayLoad", $"its connections ({load.Connections}) and limit ({load.RedirectAbove}) cannot be negative");
        }

        var writer = new WireWriter(1 + WireWriter.Utf8Size(load.BaseUrl) + 2 * sizeof(int), FormatVersion);
        writer.WriteUtf8(load.BaseUrl);
        writer.WriteInt32(load.Connections);
        writer.WriteInt32(load.RedirectAbove);
        return writer.ToArray();
    }

    private static BoardCatalog.RelayLoad ReadLoad(byte[] bytes)
    {
        var reader = new WireReader(bytes, "BoardCatalog.RelayLoad (manifest " + RelayLoadManifest + ")");
        reader.ReadVersion(FormatVersion);
        var baseUrl = reader.ReadNonEmptyUtf8("the base URL");
        var connections = reader.ReadNonNegativeInt32("the connections");
        var redirectAbove = reader.ReadNonNegativeInt32("the redirect limit");
        reader.End();
        return new BoardCatalog.RelayLoad(baseUrl, connections, redirectAbove);
    }

    /// <summary>A name the reader would refuse is not written either.</summary>
    private static void CheckName(string? name, string message, string field)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw Unwritable(message, $"its {field} name is {(name is null ? "null" : "empty")}");
        }
    }

    private static SerializationException Unwritable(string message, string problem) => new($"Cannot write {message}: {problem}.");

    private static ArgumentException NotACatalogMessage(object? message) =>
        new($"The board catalog serializer (id {Id}) does not handle {message?.GetType().FullName ?? "null"}; check akka.actor.serialization-bindings.", nameof(message));
}
