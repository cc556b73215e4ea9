using MediaActors.Sessions;

namespace MediaActors.Tests.Sessions;

public sealed class IngestGateTests
{
    [Fact]
    public void Past_the_bound_chunks_are_refused_and_the_next_accepted_one_is_marked_after_a_drop()
    {
        var gate = new IngestGate(maxQueuedBytes: 100);

        Assert.True(gate.TryEnter(60, out var afterDrop));
        Assert.False(afterDrop);
        Assert.False(gate.TryEnter(60, out _));
        Assert.Equal(1, gate.DroppedChunks);
        Assert.Equal(60, gate.QueuedBytes);

        gate.Leave(60);
        Assert.True(gate.TryEnter(60, out afterDrop));
        Assert.True(afterDrop);
        Assert.True(gate.TryEnter(40, out afterDrop));
        Assert.False(afterDrop);
    }

    [Fact]
    public void A_non_positive_bound_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IngestGate(0));
    }
}
