using Akka.Configuration;
using MediaActors.Configuration;
using MediaActors.Recording;

namespace MediaActors.Tests.Recording;

public sealed class RecordingSettingsTests
{
    private static RecordingSettings Read(string hocon) =>
        RecordingSettings.FromConfig(ConfigurationFactory.ParseString(hocon).WithFallback(MediaActorsConfig.Default));

    [Fact]
    public void Off_by_default_and_on_for_every_session_once_a_directory_is_set()
    {
        Assert.Null(Read("").For("cam"));
        var settings = Read("mediaactors.recording.directory = \"/srv/rec\"");
        Assert.Equal(new SessionRecording(true, TimeSpan.FromSeconds(60)), settings.For("cam"));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.Zero, 0L), (settings.FragmentInterval, settings.MaxAge, settings.MaxTotalBytes));
    }

    [Fact]
    public void A_session_entry_leaves_it_out_or_sets_its_own_segment_duration()
    {
        var settings = Read("""
            mediaactors.recording {
              directory = "/srv/rec"
              sessions {
                lobby { record = off }
                door { segment-duration = 10m }
              }
            }
            """);

        Assert.Null(settings.For("lobby"));
        Assert.Equal(TimeSpan.FromMinutes(10), settings.For("door")!.SegmentDuration);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.For("other")!.SegmentDuration);
    }

    [Theory]
    [InlineData("mediaactors.recording.segment-duration = 0s", "segment-duration")]
    [InlineData("mediaactors.recording.fragment-interval = 0s", "fragment-interval")]
    [InlineData("mediaactors.recording.timeline-break = 0s", "timeline-break")]
    [InlineData("mediaactors.recording.sessions { door { segment-duration = 0s } }", "sessions.door.segment-duration")]
    public void Values_out_of_range_are_refused_naming_the_key(string hocon, string key)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(hocon));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_names_tell_their_utc_start_and_session_paths_stay_inside_the_directory()
    {
        var start = new DateTimeOffset(2026, 12, 4, 5, 10, 0, 123, TimeSpan.Zero);
        var name = RecordingPaths.FileNameOf(start);
        Assert.Equal("2026-12-04T05-10-00.123Z.mp4", name);
        Assert.True(RecordingPaths.TryParseStart(name, out var parsed));
        Assert.Equal(start, parsed);
        Assert.False(RecordingPaths.TryParseStart("notes.mp4", out _));

        Assert.Equal(Path.Combine("/rec", "board", "cam"), RecordingPaths.DirectoryOf("/rec", "board/cam"));
        var escaped = RecordingPaths.DirectoryOf("/rec", "../../etc");
        Assert.StartsWith("/rec/", Path.GetFullPath(escaped), StringComparison.Ordinal);
    }
}
