namespace MediaActors.Flow;

/// <summary>
/// The drop-to-keyframe rule of every hop, for one consumer: a frame goes only when the consumer
/// can decode it and, where the consumer grants credit, has credit for it. A consumer that misses
/// a frame (no credit, or the next hop refused it) has a hole in its stream and skips every frame
/// up to the next keyframe, because a decoder cannot use a picture whose reference is missing.
/// Every hop counts the same way: <see cref="Sent"/> frames that went, <see cref="Dropped"/> frames
/// the consumer lost from the moment it was due its first one (the wait for a first keyframe
/// after joining is not a loss).
/// </summary>
public sealed class FrameGate
{
    private readonly CreditWindow? _credit;

    private FrameGate(CreditWindow? credit, bool waitingForKeyframe)
    {
        _credit = credit;
        WaitingForKeyframe = waitingForKeyframe;
    }

    /// <summary>True until the consumer's next keyframe: it starts there, and resumes there after a miss.</summary>
    public bool WaitingForKeyframe { get; private set; }

    /// <summary>Frames that went to the consumer.</summary>
    public long Sent { get; private set; }

    /// <summary>Frames the consumer lost: missed, or skipped while waiting for a keyframe after that.</summary>
    public long Dropped { get; private set; }

    /// <summary>Frames the consumer may be sent now (0 for a gate without credit).</summary>
    public int Credit => _credit?.Credit ?? 0;

    /// <summary>Got or missed a frame: from now on a frame it skips is a loss, not its wait to join.</summary>
    private bool Started => Sent > 0 || Dropped > 0;

    /// <summary>A consumer that grants credit: at most <paramref name="window"/> frames in flight to it; it starts at a keyframe.</summary>
    public static FrameGate WithCredit(int window)
    {
        var credit = new CreditWindow();
        credit.Attach(window);
        return new FrameGate(credit, waitingForKeyframe: true);
    }

    /// <summary>
    /// A consumer without credit, whose next hop says whether a frame got through (<see cref="Missed"/>
    /// when not): an RTP sender and its client's socket. It starts at a keyframe, or, when
    /// <paramref name="startAtKeyframe"/> is false, with whatever comes first (a session's own input).
    /// </summary>
    public static FrameGate WithoutCredit(bool startAtKeyframe = true) => new(credit: null, startAtKeyframe);

    /// <summary>
    /// Decides one frame: true when it goes (a credit is taken and it counts as sent); false when
    /// the consumer waits for a keyframe or has no credit (it then waits for the next keyframe).
    /// </summary>
    public bool TryPass(bool isKeyframe)
    {
        if (!Admits(isKeyframe))
        {
            return false;
        }

        if (_credit is not null && !_credit.TryTake())
        {
            Missed();
            return false;
        }

        Delivered();
        return true;
    }

    /// <summary>
    /// Decides a frame that no other frame depends on and that is not part of the keyframe chain
    /// (an audio frame next to the video): it goes when there is credit, and it neither waits for
    /// a keyframe nor ends such a wait, so a video hole is not papered over by audio getting through.
    /// </summary>
    public bool TryPassIndependent()
    {
        if (_credit is not null && !_credit.TryTake())
        {
            Dropped++;
            return false;
        }

        Sent++;
        return true;
    }

    /// <summary>
    /// Whether the consumer can use the frame: it is not waiting for a keyframe, or this is one.
    /// A frame refused here counts as dropped once the consumer has started. For a gate without
    /// credit the caller then tries the frame and reports <see cref="Delivered"/> or <see cref="Missed"/>.
    /// </summary>
    public bool Admits(bool isKeyframe)
    {
        if (!WaitingForKeyframe || isKeyframe)
        {
            return true;
        }

        if (Started)
        {
            Dropped++;
        }

        return false;
    }

    /// <summary>The admitted frame went through.</summary>
    public void Delivered()
    {
        WaitingForKeyframe = false;
        Sent++;
    }

    /// <summary>A frame due to the consumer did not go (no credit, or refused downstream): it waits for the next keyframe.</summary>
    public void Missed()
    {
        WaitingForKeyframe = true;
        Dropped++;
    }

    /// <summary>Credit back from the consumer (see <see cref="CreditWindow.Grant"/>).</summary>
    public void Grant(int count) => _credit?.Grant(count);

    /// <summary>The consumer attached again with <paramref name="window"/>; its frames in flight still count.</summary>
    public void Reattach(int window) => _credit?.Reattach(window);
}
