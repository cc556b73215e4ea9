using MediaActors.Fuzz.Targets;

namespace MediaActors.Fuzz;

/// <summary>Every fuzz target; the corpus replay test checks that each has a corpus directory and no directory lacks a target.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new RtspRequestTarget(),
        new RtspResponseTarget(),
        new TransportHeaderTarget(),
        new SessionHeaderTarget(),
        new RangeHeaderTarget(),
        new AuthorizationTarget(),
        new SdpTarget(),
        new RtpDepacketizerTarget("rtp-h264", RtpDepacketizerTarget.H264Sdp),
        new RtpDepacketizerTarget("rtp-h265", RtpDepacketizerTarget.H265Sdp),
        new RtpDepacketizerTarget("rtp-aac", RtpDepacketizerTarget.AacSdp),
        new RtpDepacketizerTarget("rtp-g711", RtpDepacketizerTarget.G711Sdp),
        new RtcpTarget(),
        new ParameterSetsTarget("h264-parameter-sets", Protocol.Formats.Codec.H264),
        new ParameterSetsTarget("h265-parameter-sets", Protocol.Formats.Codec.H265),
        new ClusterWireTarget(),
        new HttpTunnelTarget(),
        new HttpRequestTarget(),
    ];

    /// <summary>The target named <paramref name="name"/>, or null.</summary>
    public static IFuzzTarget? Find(string name) => All.FirstOrDefault(target => target.Name == name);
}
