using MediaActors.Hardware.Audio;
using MediaActors.Hardware.Tests.Support;

namespace MediaActors.Hardware.Tests.Audio;

public sealed class AdtsFrameReaderTests
{
    [Fact]
    public async Task SplitsFramesByTheirLengthEvenFromOneByteReads()
    {
        var first = Frame(20, fill: 0xAA);
        var second = Frame(9, fill: 0xBB);
        var reader = new AdtsFrameReader(new OneByteAtATimeStream([.. first, .. second]));

        Assert.Equal(first, (await reader.ReadNextFrameAsync(CancellationToken.None))?.Frame);
        Assert.Equal(second, (await reader.ReadNextFrameAsync(CancellationToken.None))?.Frame);
        Assert.Null(await reader.ReadNextFrameAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadsTheCrcBeforeParsingAHeaderThatHasOne()
    {
        var frame = Frame(30, fill: 0xCC, crc: true);
        var reader = new AdtsFrameReader(new OneByteAtATimeStream(frame));

        var read = await reader.ReadNextFrameAsync(CancellationToken.None);

        Assert.Equal(frame, read?.Frame);
        Assert.Equal((true, 9, 30, 1024), (read?.Header.HasCrc, read?.Header.HeaderLength, read?.Header.FrameLength, read?.Header.SampleCount));
    }

    [Fact]
    public async Task GivesTheSampleCountOfEveryRawDataBlock()
    {
        var frame = Frame(40, fill: 0xDD);
        frame[6] = 0xFF; // four raw data blocks

        var read = await new AdtsFrameReader(new MemoryStream(frame)).ReadNextFrameAsync(CancellationToken.None);

        Assert.Equal(4096, read?.Header.SampleCount);
    }

    [Fact]
    public async Task RejectsLostSyncAndATruncatedFrame()
    {
        var frame = Frame(20, fill: 0);
        frame[0] = 0x12;
        await Assert.ThrowsAsync<InvalidDataException>(() => new AdtsFrameReader(new MemoryStream(frame)).ReadNextFrameAsync(CancellationToken.None));
        await Assert.ThrowsAsync<InvalidDataException>(() => new AdtsFrameReader(new MemoryStream(Frame(20, 0)[..15])).ReadNextFrameAsync(CancellationToken.None));
        await Assert.ThrowsAsync<InvalidDataException>(() => new AdtsFrameReader(new MemoryStream(Frame(20, 0, crc: true)[..8])).ReadNextFrameAsync(CancellationToken.None));
    }

    // A header for AAC-LC, 8000 Hz (index 11), mono, one raw data block, without CRC unless asked, then the payload.
    private static byte[] Frame(int length, byte fill, bool crc = false)
    {
        var frame = Enumerable.Repeat(fill, length).ToArray();
        frame[0] = 0xFF;
        frame[1] = crc ? (byte)0xF0 : (byte)0xF1;
        frame[2] = (byte)((1 << 6) | (11 << 2));
        frame[3] = (byte)((1 << 6) | ((length >> 11) & 0x03));
        frame[4] = (byte)(length >> 3);
        frame[5] = (byte)(((length & 0x07) << 5) | 0x1F);
        frame[6] = 0xFC;
        return frame;
    }
}
