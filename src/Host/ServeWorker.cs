using System.Threading.Channels;
using Akka.Actor;
using MediaActors.Configuration;
using MediaActors.Hardware;
using MediaActors.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host;

/// <summary>
/// The K230 RTSP sample program, line for line where the platform allows: init the server,
/// create the session, start, open sensor and encoder, then for every encoded frame push each
/// pack with rtspserver_sendvideodata and the sample's constant timestamp 1000; on shutdown
/// stop the stream, then Stop and Deinit the server.
/// </summary>
public sealed class ServeWorker(
    ActorSystem system,
    ServeOptions options,
    RtspServerSettings rtspSettings,
    CameraSettings cameraSettings,
    ServeOutcome outcome,
    IHostApplicationLifetime lifetime,
    ILogger<ServeWorker> logger) : BackgroundService
{
    /// <summary>What the K230 sample passes to rtspserver_sendvideodata for every frame.</summary>
    private const ulong SampleTimestamp = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the blocking facade calls below.
        await Task.Yield();
        using var server = new RtspServer(system, rtspSettings);
        try
        {
            server.Init(options.Port);
            server.CreateSession(options.Session, options.Codec, enableAudio: false);
            server.Start();
            await StreamCamera(server, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: a normal end.
        }
        catch (Exception error) when (error is RtspServerException or NotSupportedException or ChannelClosedException
                                          or ArgumentException or FileNotFoundException)
        {
            logger.LogCritical("serve failed: {Reason}", (error as ChannelClosedException)?.InnerException?.Message ?? error.Message);
            outcome.Failed();
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task StreamCamera(RtspServer server, CancellationToken stoppingToken)
    {
        var codec = options.Codec == VideoType.H265 ? VideoCodec.H265 : VideoCodec.H264;
        var encoderSettings = cameraSettings.EncoderSettings(codec);
        using var sensor = new SyntheticNv12Sensor(cameraSettings.VideoFormat);
        await using var camera = CameraPipeline.Start(system, sensor, () => new FfmpegVideoEncoder(encoderSettings), cameraSettings);

        var announced = false;
        try
        {
            while (true)
            {
                var frame = await camera.GetStreamAsync(stoppingToken);
                for (var pack = 0; pack < frame.Packs.Count; pack++)
                    server.SendVideoData(options.Session, frame.Pack(pack).Span, SampleTimestamp);

                if (!announced)
                {
                    // The first frame carried SPS/PPS, so DESCRIBE can be answered: ready to serve.
                    Console.Out.WriteLine(server.GetRtspUrl(options.Session));
                    Console.Out.Flush();
                    announced = true;
                }
            }
        }
        finally
        {
            server.Stop();
            server.Deinit();
        }
    }
}
