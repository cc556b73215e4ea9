using MediaActors.Protocol.Codecs.G711;

namespace MediaActors.Protocol.Tests.Codecs.G711;

public sealed class G711SdpTests
{
    [Theory]
    [InlineData(G711Law.MuLaw, 0, "PCMU/8000")]
    [InlineData(G711Law.ALaw, 8, "PCMA/8000")]
    public void Static_payload_types_and_rtpmaps_of_rfc_3551(G711Law law, int payloadType, string rtpMap)
    {
        Assert.Equal(payloadType, G711Sdp.PayloadType(law));
        Assert.Equal(rtpMap, G711Sdp.RtpMap(law));
    }

    [Fact]
    public void Rejects_undefined_laws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => G711Sdp.PayloadType((G711Law)2));
        Assert.Throws<ArgumentOutOfRangeException>(() => G711Sdp.RtpMap((G711Law)(-1)));
    }
}
