using System.Net;
using MediaActors.Configuration;

namespace MediaActors.Testing;

/// <summary>Settings for servers inside a test process: loopback only, ports chosen by the system, a short describe-wait.</summary>
public static class LoopbackSettings
{
    public static RtspServerSettings Rtsp { get; } = RtspServerSettings.Default with
    {
        BindAddress = IPAddress.Loopback,
        DescribeWait = TimeSpan.FromSeconds(3),
    };
}
