using Akka.Configuration;
using MediaActors.Host;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Host;

public sealed class HeapLimitTests
{
    [Theory]
    [InlineData("off", null)]
    [InlineData("64MiB", 64L * 1024 * 1024)]
    [InlineData("16MiB", 16L * 1024 * 1024)]
    public void A_limit_is_off_or_a_size(string value, long? expected) =>
        Assert.Equal(expected, HeapLimit.FromConfig(ConfigurationFactory.ParseString($"{HeapLimit.Key} = {value}")));

    [Theory]
    [InlineData("1MiB")]
    [InlineData("lots")]
    [InlineData("-64MiB")]
    public void Anything_else_is_refused_naming_the_setting(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => HeapLimit.FromConfig(ConfigurationFactory.ParseString($"{HeapLimit.Key} = \"{value}\"")));
        Assert.Contains(HeapLimit.Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_runs_under_its_limit_and_says_the_runtime_took_it()
    {
        await using var serve = await ServeProcess.StartWithConfigAsync($"{HeapLimit.Key} = 48MiB");

        // The figure logged is the runtime's own view of its limit, not the setting read back.
        Assert.True(await serve.WaitForLogAsync("may hold at most 48 MiB", TimeSpan.FromSeconds(10)), serve.Log);
        Assert.Equal(["h264"], await Ffprobe.CodecsAsync(serve.Url, "tcp"));
    }

    [Fact]
    public async Task A_limit_too_small_to_start_with_exits_2_naming_it()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mediaactors-test-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, $"{HeapLimit.Key} = 4MiB");
        try
        {
            var result = await ServeProcess.RunToExitAsync(TimeSpan.FromSeconds(30), "--config", file);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains(HeapLimit.Key, result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
