namespace MediaActors.Sources;

/// <summary>
/// Bounds the frames a source's receive loops have handed to its actor and the actor has not yet
/// published: a camera cannot be asked to wait, so past the bound frames are dropped (video then
/// resumes at the next keyframe) instead of piling up in the mailbox. Lock-free.
/// </summary>
internal sealed class PullInbox(int maxFrames)
{
    private int _frames;
    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _frames) <= maxFrames)
        {
            return true;
        }

        Interlocked.Decrement(ref _frames);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _frames);
}
