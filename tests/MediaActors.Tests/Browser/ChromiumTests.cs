namespace MediaActors.Tests.Browser;

/// <summary>The harness itself: what it starts chromium with, and how it fails without it.</summary>
public sealed class ChromiumTests
{
    [Fact]
    public async Task A_missing_chromium_fails_the_test_saying_how_to_install_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Chromium.LaunchAsync("/nonexistent/chromium"));

        Assert.Contains("/nonexistent/chromium is not installed", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install chromium", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sandbox_is_turned_off_only_for_root()
    {
        Assert.Contains("--no-sandbox", Chromium.ArgumentsFor(root: true));
        Assert.DoesNotContain("--no-sandbox", Chromium.ArgumentsFor(root: false));
        Assert.Contains("--autoplay-policy=no-user-gesture-required", Chromium.ArgumentsFor(root: false));
    }
}
