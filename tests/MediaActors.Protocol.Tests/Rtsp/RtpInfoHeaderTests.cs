using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class RtpInfoHeaderTests
{
    [Fact]
    public void Formats_one_entry_per_track()
    {
        RtpInfoEntry[] entries =
        [
            new("rtsp://cam/live/trackID=0", 123, 456),
            new("rtsp://cam/live/trackID=1", 65535, uint.MaxValue),
        ];

        Assert.Equal(
            "url=rtsp://cam/live/trackID=0;seq=123;rtptime=456,url=rtsp://cam/live/trackID=1;seq=65535;rtptime=4294967295",
            RtpInfoHeader.Format(entries));
    }
}
