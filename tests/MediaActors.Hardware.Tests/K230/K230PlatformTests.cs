using System.Runtime.InteropServices;
using MediaActors.Hardware.K230;

namespace MediaActors.Hardware.Tests.K230;

/// <summary>
/// The K230 adapter off the board. These tests run on the development and CI machines (x64), where
/// no K230 media library exists; the adapter's native paths can only be tested on a board.
/// </summary>
public sealed class K230PlatformTests
{
    private static readonly VideoFormat Format = new(1280, 720, 30);

    private static string ThisMachine => $"this machine is Linux {RuntimeInformation.OSArchitecture}";

    [Fact]
    public void The_sensor_names_the_board_and_this_machine()
    {
        var error = Assert.Throws<PlatformNotSupportedException>(() => new K230Sensor(Format, sensorType: 0));

        Assert.Contains("The K230 sensor needs a Kendryte K230 board (Linux riscv64 with the MPP media library 'libmpi.so')", error.Message);
        Assert.Contains(ThisMachine, error.Message);
    }

    [Fact]
    public void The_encoder_names_the_board_and_this_machine()
    {
        var error = Assert.Throws<PlatformNotSupportedException>(() => new K230VideoEncoder(new EncoderSettings(Format)));

        Assert.Contains("The K230 encoder needs a Kendryte K230 board", error.Message);
        Assert.Contains(ThisMachine, error.Message);
    }

    [Fact]
    public void The_board_check_comes_before_the_arguments()
    {
        // Argument errors would send a user off fixing arguments that can never work here.
        Assert.Throws<PlatformNotSupportedException>(() => new K230Sensor(null!, sensorType: -1, device: 9));
        Assert.Throws<PlatformNotSupportedException>(() => new K230VideoEncoder(null!, channel: 9));
    }

    [Fact]
    public void Linux_riscv64_without_the_media_library_says_it_could_not_be_loaded()
    {
        var error = Assert.Throws<PlatformNotSupportedException>(
            () => K230Platform.EnsureBoard("encoder", "Linux", Architecture.RiscV64, canLoadMediaLibrary: () => false));

        Assert.Contains("this machine is Linux RiscV64, but 'libmpi.so' could not be loaded", error.Message);
    }

    [Theory]
    [InlineData("Linux", Architecture.RiscV64, true)]
    [InlineData("Linux", Architecture.Arm64, false)]
    [InlineData("Windows", Architecture.RiscV64, false)]
    public void Only_linux_riscv64_with_the_media_library_passes(string operatingSystem, Architecture architecture, bool passes)
    {
        var check = () => K230Platform.EnsureBoard("sensor", operatingSystem, architecture, canLoadMediaLibrary: () => true);

        if (passes)
        {
            check();
        }
        else
        {
            Assert.Throws<PlatformNotSupportedException>(check);
        }
    }
}
