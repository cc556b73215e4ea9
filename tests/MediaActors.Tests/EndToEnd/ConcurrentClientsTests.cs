namespace MediaActors.Tests.EndToEnd;

[Collection(ServeCollection.Name)]
public sealed class ConcurrentClientsTests(ServeFixture fixture)
{
    /// <summary>A TCP and a UDP client of the same session at the same time both receive the whole stream.</summary>
    [Fact]
    public async Task Two_clients_at_once_both_play()
    {
        var overTcp = FrameTimingTests.RecordFramesAsync(fixture.Url, "tcp", seconds: 3);
        var overUdp = FrameTimingTests.RecordFramesAsync(fixture.Url, "udp", seconds: 3);
        var frames = await Task.WhenAll(overTcp, overUdp);

        Assert.All(frames, recorded => Assert.True(recorded.Count >= 80, $"a client recorded only {recorded.Count} frames in 3 s"));
    }
}
