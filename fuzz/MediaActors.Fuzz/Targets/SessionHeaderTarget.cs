using System.Text;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// A Session header, as the server reads a client's (SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER)
/// and a client reads a camera's: <see cref="SessionHeader.TryParse"/>, then written back.
/// </summary>
public sealed class SessionHeaderTarget : IFuzzTarget
{
    public string Name => "session-header";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (SessionHeader.TryParse(Encoding.UTF8.GetString(input), out var header))
        {
            _ = header!.ToString();
        }
    }
}
