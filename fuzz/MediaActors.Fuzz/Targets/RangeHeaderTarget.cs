using System.Text;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// A Range header's npt value (<see cref="RangeHeader.TryParseNpt"/>). The server only writes
/// Range today (live streams start now, whatever PLAY asks); the parser is public and kept
/// fuzzed for the day a PLAY's Range or a camera's is read.
/// </summary>
public sealed class RangeHeaderTarget : IFuzzTarget
{
    public string Name => "range-header";

    public void Run(ReadOnlySpan<byte> input) =>
        RangeHeader.TryParseNpt(Encoding.UTF8.GetString(input), out _, out _);
}
