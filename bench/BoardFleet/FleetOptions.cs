namespace MediaActors.BoardFleet;

/// <summary>What one fleet runs.</summary>
/// <param name="Boards">How many boards, named <c>{NamePrefix}01</c> and on.</param>
/// <param name="Seeds">Akka addresses of the cluster nodes the boards join (the relays).</param>
/// <param name="PortBase">Board <c>i</c> (from 1) takes cluster port <c>PortBase + i</c>.</param>
/// <param name="StartParallelism">Boards being started at once: creating an actor system is CPU-bound, so more than the cores only interleaves them.</param>
/// <param name="StartInterval">From one board's start to the next one's; zero: each as soon as a start slot is free.</param>
/// <param name="ConfigFile">A HOCON file over every board's shipped settings, or null.</param>
public sealed record FleetOptions(int Boards, IReadOnlyList<string> Seeds, int PortBase, string Session, string NamePrefix, int StartParallelism,
    TimeSpan StartInterval, string? ConfigFile)
{
    /// <summary>The name of board <paramref name="index"/> (from 1), zero-padded so that names sort in order.</summary>
    public string NameOf(int index) => $"{NamePrefix}{index.ToString().PadLeft(Math.Max(2, Boards.ToString().Length), '0')}";
}
