namespace MediaActors.Protocol.Timing;

/// <summary>Which clock <see cref="PresentationClock"/> followed for the latest picture.</summary>
public enum PresentationClockSource
{
    /// <summary>The caller's timestamps advanced plausibly and were used.</summary>
    CallerClock,

    /// <summary>The caller's timestamps were unusable; the de-jittered arrival time was used.</summary>
    ArrivalClock,
}
