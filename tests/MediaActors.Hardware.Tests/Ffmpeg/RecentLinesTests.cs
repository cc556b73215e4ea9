using MediaActors.Hardware.Ffmpeg;

namespace MediaActors.Hardware.Tests.Ffmpeg;

public sealed class RecentLinesTests
{
    [Fact]
    public void KeepsOnlyTheLastLinesInOrder()
    {
        var lines = new RecentLines(capacity: 2);

        lines.Add("one");
        lines.Add("two");
        lines.Add("three");

        Assert.Equal($"two{Environment.NewLine}three", lines.ToString());
    }

    [Fact]
    public void ShortensARunawayLine()
    {
        var lines = new RecentLines(capacity: 1);

        lines.Add(new string('x', 10_000));

        Assert.True(lines.ToString().Length < 1000);
    }
}
