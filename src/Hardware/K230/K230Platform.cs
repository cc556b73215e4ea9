using System.Runtime.InteropServices;

namespace MediaActors.Hardware.K230;

/// <summary>
/// Decides whether this process runs on a Kendryte K230 board whose media library can be loaded,
/// before the adapter makes any native call: anywhere else a P/Invoke would fail with a
/// DllNotFoundException deep inside a start-up, where the cause is far less clear.
/// </summary>
internal static class K230Platform
{
    /// <summary>
    /// The shared library the MPP user API (kd_mpi_sys_*, kd_mpi_vb_*, kd_mpi_vicap_*,
    /// kd_mpi_venc_*) is loaded from. The SDK ships these as static archives (libsys.a, libvb.a,
    /// libvicap.a, libvenc.a ...); the board image must provide them linked into this one library.
    /// </summary>
    public const string MediaLibrary = "libmpi.so";

    /// <summary>Throws unless this is Linux on riscv64 and <see cref="MediaLibrary"/> loads.</summary>
    /// <param name="component">What needs the board, for the message: "sensor" or "encoder".</param>
    /// <exception cref="PlatformNotSupportedException">This is not a K230 board; the message names this machine.</exception>
    public static void EnsureBoard(string component) =>
        EnsureBoard(component, OperatingSystemName(), RuntimeInformation.OSArchitecture, CanLoadMediaLibrary);

    /// <summary>The decision with the machine's facts passed in, so tests can describe any machine.</summary>
    internal static void EnsureBoard(string component, string operatingSystem, Architecture architecture, Func<bool> canLoadMediaLibrary)
    {
        var boardLike = operatingSystem == "Linux" && architecture == Architecture.RiscV64;
        if (boardLike && canLoadMediaLibrary())
        {
            return;
        }

        var machine = $"{operatingSystem} {architecture}";
        var why = boardLike ? $"this machine is {machine}, but '{MediaLibrary}' could not be loaded" : $"this machine is {machine}";
        throw new PlatformNotSupportedException(
            $"The K230 {component} needs a Kendryte K230 board (Linux riscv64 with the MPP media library '{MediaLibrary}'); {why}.");
    }

    private static string OperatingSystemName() =>
        OperatingSystem.IsLinux() ? "Linux"
        : OperatingSystem.IsWindows() ? "Windows"
        : OperatingSystem.IsMacOS() ? "macOS"
        : RuntimeInformation.OSDescription;

    // The handle is kept: the P/Invokes resolve against the same library, loaded once.
    private static bool CanLoadMediaLibrary() => NativeLibrary.TryLoad(MediaLibrary, typeof(K230Platform).Assembly, null, out _);
}
