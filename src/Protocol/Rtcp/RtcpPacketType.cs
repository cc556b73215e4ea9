namespace MediaActors.Protocol.Rtcp;

/// <summary>The RTCP packet types (the PT byte) a server meets; other values pass through as unknown.</summary>
public enum RtcpPacketType : byte
{
    /// <summary>SR, RFC 3550 section 6.4.1.</summary>
    SenderReport = 200,

    /// <summary>RR, RFC 3550 section 6.4.2.</summary>
    ReceiverReport = 201,

    /// <summary>SDES, RFC 3550 section 6.5.</summary>
    SourceDescription = 202,

    /// <summary>BYE, RFC 3550 section 6.6.</summary>
    Goodbye = 203,

    /// <summary>APP, RFC 3550 section 6.7.</summary>
    ApplicationDefined = 204,

    /// <summary>RTPFB, RFC 4585: transport-layer feedback such as generic NACK.</summary>
    TransportFeedback = 205,

    /// <summary>PSFB, RFC 4585: payload-specific feedback such as PLI and FIR.</summary>
    PayloadSpecificFeedback = 206,
}
