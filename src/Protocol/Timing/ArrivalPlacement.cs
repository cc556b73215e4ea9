namespace MediaActors.Protocol.Timing;

/// <summary>
/// How <see cref="PresentationClock"/> placed a picture against its arrival: what its arrival
/// delta can tell <see cref="FrameInterval"/> about the frame rate.
/// </summary>
internal enum ArrivalPlacement
{
    /// <summary>Paced, or followed as a gap, or on the caller's clock, or at the lead's bound: the delta is a frame interval, jittered or stretched.</summary>
    Paced,

    /// <summary>Early, stamped more than half an interval after its arrival: part of a burst the clock is spreading.</summary>
    Spread,
}
