using MediaActors.Flow;

namespace MediaActors.Tests.Flow;

public sealed class CreditWindowTests
{
    [Fact]
    public void Credit_is_taken_per_frame_and_granted_back_up_to_the_window()
    {
        var credit = new CreditWindow();
        credit.Attach(2);

        Assert.True(credit.TryTake());
        Assert.True(credit.TryTake());
        Assert.False(credit.TryTake());
        credit.Grant(1);
        Assert.True(credit.TryTake());
    }

    [Fact]
    public void A_grant_for_a_frame_sent_before_a_new_attach_cannot_raise_credit_past_the_window()
    {
        var credit = new CreditWindow();
        credit.Attach(3);
        credit.TryTake();
        credit.TryTake();

        // The consumer restarted (say) and attached afresh; then the two old frames come back.
        credit.Attach(3);
        credit.Grant(1);
        credit.Grant(1);

        Assert.Equal(3, credit.Credit);
    }

    [Fact]
    public void Attaching_again_keeps_the_frames_in_flight_counted()
    {
        var credit = new CreditWindow();
        credit.Attach(4);
        credit.TryTake();
        credit.TryTake();
        credit.TryTake();

        credit.Reattach(4);

        Assert.Equal(1, credit.Credit);
        credit.Reattach(2);
        Assert.Equal(0, credit.Credit);
    }
}
