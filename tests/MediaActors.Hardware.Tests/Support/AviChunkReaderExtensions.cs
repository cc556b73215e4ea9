using MediaActors.Hardware.Avi;

namespace MediaActors.Hardware.Tests.Support;

internal static class AviChunkReaderExtensions
{
    public static async Task<List<byte[]>> ReadAllAsync(this AviChunkReader reader, CancellationToken cancellationToken)
    {
        var payloads = new List<byte[]>();
        while (await reader.ReadNextVideoChunkAsync(cancellationToken) is { } payload)
        {
            payloads.Add(payload);
        }

        return payloads;
    }
}
