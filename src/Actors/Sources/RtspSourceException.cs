namespace MediaActors.Sources;

/// <summary>Why pulling from a camera failed, in words for the log and the source's status: the
/// server could not be reached, refused, described a stream that cannot be played, or stopped sending.</summary>
/// <param name="NoUdpMedia">No packet came over UDP after PLAY: something in between blocks it, so TCP is worth a try.</param>
public sealed class RtspSourceException(string message, bool noUdpMedia = false) : Exception(message)
{
    public bool NoUdpMedia { get; } = noUdpMedia;
}
