using System.Diagnostics;

namespace MediaActors.Hardware.Tests.Support;

internal static class ProcessProbe
{
    public static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
