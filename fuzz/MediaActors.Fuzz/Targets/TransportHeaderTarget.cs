using System.Net;
using System.Text;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// A SETUP's Transport header as the server reads it: <see cref="TransportHeader.TryParse"/>,
/// then <see cref="TransportNegotiation.Choose"/> picks one offer (unicast UDP, interleaved,
/// multicast; and on an RTSPS connection interleaved only) and its reply is written back.
/// </summary>
public sealed class TransportHeaderTarget : IFuzzTarget
{
    private static readonly MulticastDestination Group = new(IPAddress.Parse("224.1.0.1"), (8002, 8003), 16);

    public string Name => "transport-header";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (!TransportHeader.TryParse(Encoding.UTF8.GetString(input), out var offered))
        {
            return;
        }

        TransportNegotiation.OffersMulticast(offered);
        foreach (var interleavedOnly in (ReadOnlySpan<bool>)[false, true])
        {
            var accepted = TransportNegotiation.Choose(offered, (6970, 6971), [(0, 1)], 0xDEADBEEF, Group, interleavedOnly);
            _ = accepted?.Reply.ToString();
        }

        foreach (var spec in offered)
        {
            _ = spec.ToString();
        }
    }
}
