using MediaActors.Protocol.Rtsp;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// RTSP over HTTP as either port receives it: the head that may open a tunnel half
/// (<see cref="TunnelRequest.StartsTunnel"/>, <see cref="TunnelRequest.Parse"/>: GET or POST with
/// x-sessioncookie), then a POST's body decoded as <c>TunnelPostStream</c> does it: the bytes
/// that came with the head at once, the rest in reads of up to 4 KiB, through one
/// <see cref="TunnelBase64Decoder"/>, and the decoded bytes framed by the RTSP request parser.
/// A body that is not base64 is an <see cref="InvalidDataException"/> from the stream's read,
/// which closes the connection: caught here as it is there.
/// </summary>
public sealed class HttpTunnelTarget : IFuzzTarget
{
    private const int ReadBytes = 4096;

    public string Name => "http-tunnel";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (!TunnelRequest.StartsTunnel(input))
        {
            return;
        }

        var request = TunnelRequest.Parse(input, RtspParserLimits.Default, out var consumed, out var error);
        if (error is not null || request?.SessionCookie is null || request.IsGet)
        {
            return;
        }

        try
        {
            Decoded(input[consumed..]);
        }
        catch (InvalidDataException)
        {
            // The POST's read fails: the tunnel's connection closes.
        }
    }

    private static void Decoded(ReadOnlySpan<byte> body)
    {
        var decoder = new TunnelBase64Decoder();
        var decoded = new List<byte>();
        // The first read is everything that came with the head; this input's head came with all of it,
        // so the reads after it are modelled by splitting the body where a 4 KiB read would end.
        for (var start = 0; start < body.Length; start += ReadBytes)
        {
            var chunk = body.Slice(start, Math.Min(ReadBytes, body.Length - start));
            var output = new byte[Math.Max(ReadBytes, chunk.Length)];
            var count = decoder.Decode(chunk, output);
            if (count < 0)
            {
                throw new InvalidDataException("the tunnel's POST body is not base64");
            }

            decoded.AddRange(output.AsSpan(0, count));
        }

        var parser = new RtspRequestParser(RtspParserLimits.Default);
        ReadOnlySpan<byte> requests = decoded.ToArray();
        while (parser.Parse(requests, out var used).Kind is RtspInputKind.Request or RtspInputKind.InterleavedFrame)
        {
            requests = requests[used..];
        }
    }
}
