using MediaActors.Hardware.Avi;
using MediaActors.Hardware.Tests.Support;
using static MediaActors.Hardware.Tests.Support.AviBytes;

namespace MediaActors.Hardware.Tests.Avi;

public sealed class AviChunkReaderTests
{
    private static readonly byte[] Headers = List("hdrl", Chunk("avih", new byte[56]), List("strl", Chunk("strh", new byte[56])));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReturnsVideoPayloadsAndSkipsEverythingElse(bool oneByteAtATime)
    {
        var avi = File(
            Headers,
            Chunk("JUNK", new byte[100]),
            List("movi",
                Chunk("00dc", [1, 2, 3]),
                Chunk("01wb", [9, 9, 9, 9]),
                List("rec ", Chunk("00db", [4, 5])),
                Chunk("ix00", new byte[24])),
            Chunk("idx1", new byte[32]));
        Stream stream = oneByteAtATime ? new OneByteAtATimeStream(avi) : new MemoryStream(avi);

        Assert.Equal([[1, 2, 3], [4, 5]], await new AviChunkReader(stream).ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ContinuesIntoOpenDmlExtensionBlocks()
    {
        byte[] avi = [.. File(Headers, List("movi", Chunk("00dc", [1]))), .. Riff("AVIX", List("movi", Chunk("00dc", [2])))];

        Assert.Equal([[1], [2]], await new AviChunkReader(new MemoryStream(avi)).ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnEmptyStreamIsACleanEnd()
    {
        Assert.Null(await new AviChunkReader(new MemoryStream()).ReadNextVideoChunkAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AStreamCutInsideAPayloadIsAClearError()
    {
        var avi = File(Headers, List("movi", Chunk("00dc", new byte[16])));

        var error = await Assert.ThrowsAsync<EndOfStreamException>(
            () => new AviChunkReader(new MemoryStream(avi[..^10])).ReadNextVideoChunkAsync(CancellationToken.None).AsTask());

        Assert.Contains("inside chunk '00dc' after 6 of 16 bytes", error.Message);
    }

    [Fact]
    public async Task AStreamCutInsideAChunkHeaderIsAClearError()
    {
        byte[] avi = [.. File(Headers, List("movi", Chunk("00dc", [1, 2]))), .. Header("00dc", 2)[..3]];
        var reader = new AviChunkReader(new MemoryStream(avi));

        Assert.Equal([1, 2], await reader.ReadNextVideoChunkAsync(CancellationToken.None));
        var error = await Assert.ThrowsAsync<EndOfStreamException>(() => reader.ReadNextVideoChunkAsync(CancellationToken.None).AsTask());

        Assert.Contains("inside a chunk header after 3 of 8 bytes", error.Message);
    }

    [Fact]
    public async Task RejectsAChunkLargerThanTheCap()
    {
        var avi = File(Headers, List("movi", Chunk("00dc", new byte[17])));

        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => new AviChunkReader(new MemoryStream(avi), maxChunkBytes: 16).ReadNextVideoChunkAsync(CancellationToken.None).AsTask());

        Assert.Contains("16-byte limit", error.Message);
    }

    [Fact]
    public async Task RejectsAStreamThatIsNotAvi()
    {
        byte[] wav = [.. Header("RIFF", 4), .. "WAVE"u8];

        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => new AviChunkReader(new MemoryStream(wav)).ReadNextVideoChunkAsync(CancellationToken.None).AsTask());

        Assert.Contains("Not an AVI stream", error.Message);
    }
}
