using System.Text;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

/// <summary>Random and mutated input: the parser must never throw and only ever report the documented outcomes.</summary>
public sealed class RtspRequestParserFuzzTests
{
    private static readonly string[] Corpus =
    [
        "OPTIONS rtsp://127.0.0.1:8554/test RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: Lavf61.7.100\r\n\r\n",
        "SETUP rtsp://127.0.0.1:8554/test/trackID=0 RTSP/1.0\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nCSeq: 3\r\n\r\n",
        "PLAY rtsp://127.0.0.1:8554/test/ RTSP/1.0\r\nRange: npt=0.000-\r\nCSeq: 4\r\nSession: 12345678\r\n\r\n",
        "SET_PARAMETER * RTSP/1.0\nContent-Length: 4\n\nabcd",
        "$\u0001\u0000\u0004abcd",
    ];

    private static readonly int[] AllowedErrors = [400, 413, 414, 505];

    [Fact]
    public void Random_and_mutated_requests_never_throw()
    {
        var random = new Random(20240601);
        var parser = new RtspRequestParser(new RtspParserLimits(MaxRequestLineLength: 256, MaxHeaderBytes: 512, MaxBodyBytes: 128, MaxInterleavedFrameBytes: 1024));
        for (var i = 0; i < 20000; i++)
        {
            var input = Mutate(random, Encoding.UTF8.GetBytes(Corpus[random.Next(Corpus.Length)]));
            var result = parser.Parse(input, out var consumed);

            switch (result.Kind)
            {
                case RtspInputKind.NeedMoreData:
                    Assert.Equal(0, consumed);
                    Assert.True(input.Length <= 256 + 2 + 512 + 128 + 4 + 1024, "NeedMoreData beyond the limits");
                    break;
                case RtspInputKind.Request:
                    Assert.NotNull(result.Request);
                    Assert.InRange(consumed, 1, input.Length);
                    break;
                case RtspInputKind.InterleavedFrame:
                    Assert.InRange(result.PayloadOffset + result.PayloadLength, 0, consumed);
                    Assert.InRange(consumed, 4, input.Length);
                    break;
                default:
                    Assert.Contains(result.ErrorStatus, AllowedErrors);
                    break;
            }
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        var mutations = random.Next(0, 8);
        for (var m = 0; m < mutations; m++)
        {
            var position = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[position] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveAt(position);
                    break;
                case 2:
                    bytes.Insert(position, (byte)"\r\n: $0-;\0"[random.Next(9)]);
                    break;
                case 3:
                    bytes.RemoveRange(position, bytes.Count - position); // truncate
                    break;
                case 4:
                    bytes.InsertRange(position, Enumerable.Repeat((byte)random.Next(256), random.Next(1, 600)));
                    break;
                default:
                    var noise = new byte[random.Next(1, 32)];
                    random.NextBytes(noise);
                    bytes.InsertRange(position, noise);
                    break;
            }
        }

        return [.. bytes];
    }
}
