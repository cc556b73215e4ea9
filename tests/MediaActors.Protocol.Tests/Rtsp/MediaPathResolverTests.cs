using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class MediaPathResolverTests
{
    [Theory]
    [InlineData("rtsp://h/test", "test", null)]
    [InlineData("rtsp://h/test/", "test", null)]
    [InlineData("rtsp://h/live/cam0", "live/cam0", null)]
    [InlineData("rtsp://h/test/trackID=0", "test", 0)]
    [InlineData("rtsp://h/test/trackid=1", "test", 1)]
    [InlineData("rtsp://h/test/streamid=2", "test", 2)]
    [InlineData("rtsp://h/test/track=3", "test", 3)]
    [InlineData("rtsp://h/test/track4", "test", 4)]
    [InlineData("rtsp://h/test/TRACKID=5/", "test", 5)]
    [InlineData("rtsp://h/test?x=1/trackID=0", "test", 0)]
    [InlineData("rtsp://h/test/trackID=0?x=1", "test", 0)]
    [InlineData("rtsp://h/test?x=1", "test", null)]
    [InlineData("rtsp://h/live/cam0/trackID=1", "live/cam0", 1)]
    [InlineData("rtsp://h/trackID=0", "", 0)]
    [InlineData("rtsp://h/tracker", "tracker", null)]
    [InlineData("rtsp://h/test/trackID=", "test/trackID=", null)]
    [InlineData("/test/trackID=0", "test", 0)]
    public void Splits_the_control_segment_off_the_stream_path(string uri, string streamPath, int? trackId)
    {
        Assert.True(RtspUrl.TryParse(uri, out var url));

        Assert.Equal(new MediaPath(streamPath, trackId), MediaPathResolver.Resolve(url!));
    }
}
