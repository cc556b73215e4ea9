namespace MediaActors.Fuzz;

/// <summary>
/// One parser a network peer reaches, fed the way the server's own code feeds it. A target catches
/// only what that production call site catches or turns into an error reply; anything else that
/// escapes <see cref="Run"/> is a crash, as it would be a fault in the server.
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The name on the command line and of the corpus directory (fuzz/corpus/NAME).</summary>
    string Name { get; }

    /// <summary>Feeds <paramref name="input"/> to the parser; must return or throw, never hang.</summary>
    void Run(ReadOnlySpan<byte> input);
}
