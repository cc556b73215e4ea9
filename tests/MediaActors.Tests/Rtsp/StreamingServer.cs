using MediaActors.Configuration;
using MediaActors.Hardware;
using MediaActors.Protocol.Formats;
using MediaActors.Testing;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>An in-process RtspServer on loopback with one session fed by a <see cref="K230Feeder"/>.</summary>
public sealed class StreamingServer : IAsyncDisposable
{
    public const string Session = "live";
    private K230Feeder? _feeder;
    private CaptureLoop? _audioLoop;

    private readonly VideoType _videoType;

    private StreamingServer(RtspServer server, VideoType videoType)
    {
        Server = server;
        _videoType = videoType;
    }

    public RtspServer Server { get; }

    public string Url => $"rtsp://127.0.0.1:{Server.Port}/{Session}";

    public static async Task<StreamingServer> StartAsync(FeedMode mode = FeedMode.OneNalUnitPerCall, bool feed = true,
        RtspServerSettings? settings = null, VideoType videoType = VideoType.H264, AudioType? audioType = null)
    {
        var server = new RtspServer(settings ?? LoopbackSettings.Rtsp);
        server.Init(0);
        server.CreateSession(Session, videoType, audioType);
        server.Start();
        var streaming = new StreamingServer(server, videoType);
        if (feed)
        {
            await streaming.StartFeedingAsync(mode);
            if (audioType is { } audio)
            {
                await streaming.StartFeedingAudioAsync(audio);
            }
        }
        return streaming;
    }

    /// <summary>A capture thread sending audio chunks at their real rate with SendAudioData.</summary>
    public async Task StartFeedingAudioAsync(AudioType audioType)
    {
        var chunks = await EncodedTestAudio.GetChunksAsync(audioType);
        _audioLoop = new CaptureLoop(EncodedTestAudio.ChunksPerSecond(audioType), chunk =>
        {
            var data = chunks[(int)(chunk % chunks.Count)];
            Server.SendAudioData(Session, data, data.Length, 1000);
        });
    }

    public async Task StartFeedingAsync(FeedMode mode = FeedMode.OneNalUnitPerCall, Func<long, ulong>? timestampOfFrame = null) =>
        _feeder = new K230Feeder(Server, Session,
            await EncodedTestStream.GetAccessUnitsAsync(_videoType == VideoType.H265 ? Codec.H265 : Codec.H264), mode, timestampOfFrame);

    public Task<RtspTestClient> ConnectAsync() => RtspTestClient.ConnectAsync(Server.Port);

    public async ValueTask DisposeAsync()
    {
        if (_feeder is not null)
        {
            await _feeder.DisposeAsync();
        }

        if (_audioLoop is not null)
        {
            await _audioLoop.DisposeAsync();
        }

        Server.Destroy();
    }
}
