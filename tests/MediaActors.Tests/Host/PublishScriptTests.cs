using System.Diagnostics;
using MediaActors.Testing.Processes;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Host;

/// <summary>
/// scripts/publish.sh makes a self-contained directory per target: the arm64 one is an aarch64
/// executable (started under qemu-user by the script), and the x64 one streams with no .NET on
/// its PATH or in its environment.
/// </summary>
public sealed class PublishScriptTests : IDisposable
{
    // ELF header: e_machine, a little-endian 16-bit field at offset 18.
    private const int ElfMachineOffset = 18;
    private const ushort Aarch64 = 183;
    private const ushort X86_64 = 62;

    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("mediaactors-publish-");

    public void Dispose() => _output.Delete(recursive: true);

    [Fact(Timeout = 300_000)]
    public async Task The_arm64_directory_holds_an_aarch64_executable_that_prints_its_help()
    {
        var directory = await PublishAsync("linux-arm64");

        Assert.Equal(Aarch64, ElfMachine(Path.Combine(directory, "mediaactors")));
        Assert.True(File.Exists(Path.Combine(directory, "libcoreclr.so")), "the runtime is not in the directory");
    }

    [Fact(Timeout = 300_000)]
    public async Task The_x64_directory_streams_without_dotnet_on_the_machine()
    {
        var directory = await PublishAsync("linux-x64");
        Assert.Equal(X86_64, ElfMachine(Path.Combine(directory, "mediaactors")));

        var port = ServeProcess.FreeTcpPort();
        var start = new ProcessStartInfo(Path.Combine(directory, "mediaactors"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "serve", "--bind", "127.0.0.1", "--port", port.ToString(), "--http-port", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        // No dotnet to find: not on PATH, no DOTNET_ROOT; ffmpeg named directly.
        start.Environment["PATH"] = "/nonexistent";
        start.Environment.Remove("DOTNET_ROOT");
        start.Environment["MEDIAACTORS_FFMPEG"] = ExternalTool.Require("ffmpeg");
        using var serve = Process.Start(start)!;
        var output = new UrlPrintingProcess(serve, maxLines: 50);
        try
        {
            var url = await output.Url.WaitAsync(TimeSpan.FromSeconds(30));
            var streams = await Ffprobe.StreamsAsync(url, "tcp");
            Assert.Equal("h264", streams[0].CodecName);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    private async Task<string> PublishAsync(string runtime)
    {
        var directory = Path.Combine(_output.FullName, runtime);
        var run = await ExternalTool.RunAsync(Path.Combine(Repository.Root, "scripts", "publish.sh"), [runtime, directory], TimeSpan.FromMinutes(4));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(directory, run.StandardOutput.Trim());
        return directory;
    }

    private static ushort ElfMachine(string executable)
    {
        var header = new byte[ElfMachineOffset + 2];
        using (var file = File.OpenRead(executable))
        {
            file.ReadExactly(header);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        return BitConverter.ToUInt16(header, ElfMachineOffset);
    }
}
