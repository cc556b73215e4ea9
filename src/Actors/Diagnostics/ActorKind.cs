using Akka.Actor;

namespace MediaActors.Diagnostics;

/// <summary>
/// What kind of actor a path names, for counting: its name without the number that makes it
/// unique (<c>session-12</c> is a <c>session</c>), and for Akka's generated names (<c>$a</c>:
/// asks, anonymous children) the kind of the parent followed by <c>/$</c>. The kinds are as few
/// as the kinds of actors the code creates, however many clients come and go.
/// </summary>
public static class ActorKind
{
    public static string Of(IActorRef? owner)
    {
        if (owner?.Path is not { } path)
        {
            return "unknown";
        }

        if (path.Elements.Count == 0)
        {
            return "root";
        }

        if (!path.Name.StartsWith('$'))
        {
            return Unnumbered(path.Name);
        }

        return path.Parent is { Elements.Count: > 0 } parent && !parent.Name.StartsWith('$') ? Unnumbered(parent.Name) + "/$" : "$";
    }

    /// <summary>The name up to its first digit, without a trailing separator.</summary>
    private static string Unnumbered(string name)
    {
        var digit = name.AsSpan().IndexOfAnyInRange('0', '9');
        var kept = digit < 0 ? name : name[..digit].TrimEnd('-', '_', '.', '#', ':');
        return kept.Length == 0 ? "#" : kept;
    }
}
