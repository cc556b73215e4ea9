using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Tests.Formats;

public sealed class G711FormatTests
{
    public static TheoryData<Codec, int, string> Laws => new()
    {
        { Codec.Pcmu, 0, "PCMU/8000" },
        { Codec.Pcma, 8, "PCMA/8000" },
    };

    [Theory]
    [MemberData(nameof(Laws))]
    public void Static_payload_types_and_rtpmaps_of_rfc_3551(Codec codec, int payloadType, string rtpMap)
    {
        var format = Assert.IsType<G711Format>(CodecFormat.Of(codec));

        Assert.Equal(payloadType, format.PayloadType);
        Assert.Equal(rtpMap, format.RtpMap);
        Assert.Equal(("audio", 8000), (format.MediaType, G711Format.ClockRate));
    }

    [Fact]
    public void Names_and_file_extensions_are_ffmpegs()
    {
        Assert.Equal(("G.711 µ-law", "PCMU"), (CodecFormat.Pcmu.Name, CodecFormat.Pcmu.EncodingName));
        Assert.Equal([".ul", ".ulaw"], CodecFormat.Pcmu.FileExtensions);
        Assert.Equal(("G.711 A-law", "PCMA"), (CodecFormat.Pcma.Name, CodecFormat.Pcma.EncodingName));
        Assert.Equal([".al", ".alaw"], CodecFormat.Pcma.FileExtensions);
    }
}
