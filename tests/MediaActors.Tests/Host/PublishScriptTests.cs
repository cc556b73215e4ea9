using System.Diagnostics;
using MediaActors.Testing.Processes;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Host;

/// <summary>
/// scripts/publish.sh makes a self-contained directory per target: the arm64 one is an aarch64
/// executable (started under qemu-user by the script), and the x64 one streams with no .NET on
/// its PATH or in its environment, as unpacked from its --tarball with the settings it ships, whose
/// systemd unit starts what the tarball holds and passes systemd-analyze verify.
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
    public async Task The_x64_tarball_streams_without_dotnet_on_the_machine_and_its_unit_verifies()
    {
        var directory = await PublishAsync("linux-x64", tarball: true);
        Assert.Equal(X86_64, ElfMachine(Path.Combine(directory, "mediaactors")));

        var root = await UnpackTarballAsync(Path.Combine(_output.FullName, "mediaactors-linux-x64.tar.gz"));
        Assert.Equal(X86_64, ElfMachine(Path.Combine(root, "opt", "mediaactors", "mediaactors")));
        await StreamsWithoutDotnetAsync(Path.Combine(root, "opt", "mediaactors", "mediaactors"), Path.Combine(root, "etc", "mediaactors", "mediaactors.conf"));
        await VerifyUnitAsync(root);
    }

    /// <summary>
    /// Unpacks the tarball as a user would over / (into a directory here), after checking that it
    /// holds files only, owned by root, under the three places the README names.
    /// </summary>
    private async Task<string> UnpackTarballAsync(string tarball)
    {
        var listing = await ExternalTool.RunAsync("tar", ["--list", "--verbose", "--numeric-owner", "--gzip", "--file", tarball], TimeSpan.FromMinutes(1));
        Assert.True(listing.ExitCode == 0, listing.ToString());
        var entries = listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(fields => (Mode: fields[0], Owner: fields[1], Path: fields[^1]))
            .ToList();
        Assert.All(entries, entry => Assert.Equal("0/0", entry.Owner));
        Assert.All(entries, entry => Assert.NotEqual('d', entry.Mode[0]));
        Assert.All(entries, entry => Assert.True(entry.Path.StartsWith("opt/mediaactors/", StringComparison.Ordinal)
            || entry.Path is "etc/systemd/system/mediaactors.service" or "etc/mediaactors/mediaactors.conf", $"unexpected {entry.Path}"));
        Assert.Contains(entries, entry => entry.Path == "etc/systemd/system/mediaactors.service");
        Assert.Contains(entries, entry => entry.Path == "etc/mediaactors/mediaactors.conf");
        Assert.Contains(entries, entry => entry.Path == "opt/mediaactors/mediaactors" && entry.Mode == "-rwxr-xr-x");

        var root = Directory.CreateDirectory(Path.Combine(_output.FullName, "root")).FullName;
        var unpack = await ExternalTool.RunAsync("tar", ["--extract", "--gzip", "--file", tarball, "--directory", root], TimeSpan.FromMinutes(1));
        Assert.True(unpack.ExitCode == 0, unpack.ToString());
        return root;
    }

    /// <summary>
    /// The unit as systemd-analyze verify reads it, with its paths under <paramref name="root"/>
    /// (verify checks that ExecStart's program exists): no error and no warning.
    /// </summary>
    private static async Task VerifyUnitAsync(string root)
    {
        var unit = await File.ReadAllTextAsync(Path.Combine(root, "etc", "systemd", "system", "mediaactors.service"));
        Assert.Contains("ExecStart=/opt/mediaactors/mediaactors serve --config /etc/mediaactors/mediaactors.conf", unit);
        if (!ExternalTool.Exists("systemd-analyze"))
        {
            Assert.Skip("systemd-analyze is not installed (Debian package systemd; scripts/test.sh installs it)");
        }

        var relocated = Path.Combine(root, "mediaactors.service");
        await File.WriteAllTextAsync(relocated, unit.Replace("/opt/mediaactors/", $"{root}/opt/mediaactors/", StringComparison.Ordinal)
            .Replace("/etc/mediaactors/", $"{root}/etc/mediaactors/", StringComparison.Ordinal));
        var verify = await ExternalTool.RunAsync("systemd-analyze", ["verify", relocated], TimeSpan.FromMinutes(1));
        Assert.True(verify.ExitCode == 0 && verify.StandardError.Trim().Length == 0 && verify.StandardOutput.Trim().Length == 0, verify.ToString());
    }

    private static async Task StreamsWithoutDotnetAsync(string executable, string config)
    {
        var port = ServeProcess.FreeTcpPort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "serve", "--config", config, "--bind", "127.0.0.1", "--port", port.ToString(), "--http-port", "0" })
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

    private async Task<string> PublishAsync(string runtime, bool tarball = false)
    {
        var directory = Path.Combine(_output.FullName, runtime);
        var run = await ExternalTool.RunAsync(Path.Combine(Repository.Root, "scripts", "publish.sh"),
            tarball ? ["--tarball", runtime, directory] : [runtime, directory], TimeSpan.FromMinutes(4));
        Assert.True(run.ExitCode == 0, run.ToString());
        var printed = tarball ? $"{directory}\n{Path.Combine(_output.FullName, $"mediaactors-{runtime}.tar.gz")}" : directory;
        Assert.Equal(printed, run.StandardOutput.Trim());
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
