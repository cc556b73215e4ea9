using MediaActors.Flow;

namespace MediaActors.Tests.Flow;

public sealed class FrameGateTests
{
    [Fact]
    public void A_consumer_starts_at_a_keyframe_and_its_wait_to_join_is_not_a_loss()
    {
        var gate = FrameGate.WithCredit(4);

        Assert.False(gate.TryPass(isKeyframe: false));
        Assert.False(gate.TryPass(isKeyframe: false));
        Assert.True(gate.TryPass(isKeyframe: true));
        Assert.True(gate.TryPass(isKeyframe: false));

        Assert.Equal((2L, 0L, 2), (gate.Sent, gate.Dropped, gate.Credit));
    }

    [Fact]
    public void Out_of_credit_it_misses_the_frame_and_every_one_up_to_the_next_keyframe_even_after_credit_returns()
    {
        var gate = FrameGate.WithCredit(2);
        Assert.True(gate.TryPass(isKeyframe: true));
        Assert.True(gate.TryPass(isKeyframe: false));

        Assert.False(gate.TryPass(isKeyframe: false));
        gate.Grant(2);
        Assert.False(gate.TryPass(isKeyframe: false));
        Assert.False(gate.TryPass(isKeyframe: false));
        Assert.True(gate.WaitingForKeyframe);
        Assert.True(gate.TryPass(isKeyframe: true));

        Assert.Equal((3L, 3L, 1), (gate.Sent, gate.Dropped, gate.Credit));
    }

    [Fact]
    public void A_keyframe_without_credit_is_missed_too()
    {
        var gate = FrameGate.WithCredit(1);
        Assert.True(gate.TryPass(isKeyframe: true));

        Assert.False(gate.TryPass(isKeyframe: true));
        Assert.False(gate.TryPass(isKeyframe: false));

        Assert.Equal((1L, 2L), (gate.Sent, gate.Dropped));
    }

    [Fact]
    public void Without_credit_the_next_hop_decides_and_a_refusal_skips_to_the_next_keyframe()
    {
        var gate = FrameGate.WithoutCredit();
        Assert.True(gate.Admits(isKeyframe: true));
        gate.Delivered();
        Assert.True(gate.Admits(isKeyframe: false));
        gate.Missed();

        Assert.False(gate.Admits(isKeyframe: false));
        Assert.True(gate.Admits(isKeyframe: true));
        gate.Delivered();

        Assert.Equal((2L, 2L, 0), (gate.Sent, gate.Dropped, gate.Credit));
    }

    [Fact]
    public void A_gate_that_does_not_start_at_a_keyframe_passes_whatever_comes_first()
    {
        var gate = FrameGate.WithoutCredit(startAtKeyframe: false);

        Assert.True(gate.Admits(isKeyframe: false));
        Assert.False(gate.WaitingForKeyframe);
    }

    [Fact]
    public void Credit_never_exceeds_the_window_and_a_reattach_keeps_the_frames_in_flight_counted()
    {
        var gate = FrameGate.WithCredit(3);
        Assert.True(gate.TryPass(isKeyframe: true));
        Assert.True(gate.TryPass(isKeyframe: false));
        gate.Grant(5);
        Assert.Equal(3, gate.Credit);

        Assert.True(gate.TryPass(isKeyframe: false));
        gate.Reattach(4);

        Assert.Equal(3, gate.Credit);
    }
}
