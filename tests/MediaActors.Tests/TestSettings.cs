using System.Net;
using MediaActors.Configuration;

namespace MediaActors.Tests;

/// <summary>Settings for in-process servers in tests: loopback only, ports chosen by the system.</summary>
public static class TestSettings
{
    public static RtspServerSettings Loopback { get; } = RtspServerSettings.Default with
    {
        BindAddress = IPAddress.Loopback,
        DescribeWait = TimeSpan.FromSeconds(3),
    };
}
