using MediaActors.Hardware.Ffmpeg;
using MediaActors.Hardware.Tests.Support;

namespace MediaActors.Hardware.Tests.Ffmpeg;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FfmpegLocatorTests : IDisposable
{
    private readonly TemporaryExecutable fakeFfmpeg = new("ffmpeg", "exit 0");

    [Fact]
    public void TheConfiguredPathWins()
    {
        var resolved = FfmpegLocator.Resolve(fakeFfmpeg.Path, Environment(("MEDIAACTORS_FFMPEG", "/elsewhere/ffmpeg")));

        Assert.Equal(fakeFfmpeg.Path, resolved);
    }

    [Fact]
    public void TheEnvironmentVariableComesBeforePath()
    {
        var resolved = FfmpegLocator.Resolve(null, Environment(("MEDIAACTORS_FFMPEG", fakeFfmpeg.Path), ("PATH", "/nowhere")));

        Assert.Equal(fakeFfmpeg.Path, resolved);
    }

    [Fact]
    public void SearchesPathLast()
    {
        var path = string.Join(Path.PathSeparator, "/nowhere", fakeFfmpeg.Directory);

        Assert.Equal(fakeFfmpeg.Path, FfmpegLocator.Resolve(null, Environment(("PATH", path))));
    }

    [Fact]
    public void NotOnPathSaysHowToInstallOrConfigure()
    {
        var error = Assert.Throws<FileNotFoundException>(() => FfmpegLocator.Resolve(null, Environment(("PATH", "/nowhere"))));

        Assert.Contains("ffmpeg was not found on PATH", error.Message);
        Assert.Contains("apt-get install ffmpeg", error.Message);
        Assert.Contains("MEDIAACTORS_FFMPEG", error.Message);
    }

    [Fact]
    public void AWrongVariableNamesTheVariableAndThePath()
    {
        var error = Assert.Throws<FileNotFoundException>(
            () => FfmpegLocator.Resolve(null, Environment(("MEDIAACTORS_FFMPEG", "/opt/missing/ffmpeg"))));

        Assert.Contains("MEDIAACTORS_FFMPEG", error.Message);
        Assert.Contains("/opt/missing/ffmpeg", error.Message);
    }

    public void Dispose() => fakeFfmpeg.Dispose();

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(variable => variable.Name == name).Value;
}
