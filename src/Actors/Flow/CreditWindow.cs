namespace MediaActors.Flow;

/// <summary>
/// A producer's view of one consumer's credit: the window the consumer attached with, and how many
/// more frames may be sent now. Credit never exceeds the window: a grant that would push it past
/// can only answer a frame sent before the consumer (re)attached, since at full credit nothing
/// sent since is in flight, so it is ignored. That keeps the bound exact across restarts.
/// </summary>
public sealed class CreditWindow
{
    public int Window { get; private set; }

    public int Credit { get; private set; }

    /// <summary>A new consumer: full credit.</summary>
    public void Attach(int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        Window = window;
        Credit = window;
    }

    /// <summary>A consumer already attached attaches again: its frames in flight still count.</summary>
    public void Reattach(int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        Credit = Math.Max(0, Credit + window - Window);
        Window = window;
    }

    public void Grant(int count) => Credit = Math.Min(Window, Credit + Math.Max(0, count));

    /// <summary>Takes one credit for a frame about to be sent; false when there is none.</summary>
    public bool TryTake()
    {
        if (Credit == 0)
        {
            return false;
        }

        Credit--;
        return true;
    }
}
