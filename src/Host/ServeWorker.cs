using System.Threading.Channels;
using Akka.Actor;
using MediaActors.Configuration;
using MediaActors.Flow;
using MediaActors.Hardware;
using MediaActors.Host.Service;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;
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
    LayeredConfig config,
    RtspServerSettings rtspSettings,
    CameraSettings cameraSettings,
    OpenedSource source,
    ConfiguredSources configuredSources,
    ConfiguredPushes configuredPushes,
    Http.RunningServer running,
    ServeOutcome outcome,
    ServingAnnouncement announcement,
    IHostApplicationLifetime lifetime,
    ILogger<ServeWorker> logger,
    ILogger<SourcesReload> reloadLogger) : BackgroundService
{
    /// <summary>What the K230 sample passes to rtspserver_sendvideodata for every frame.</summary>
    private const ulong SampleTimestamp = 1000;

    private static readonly TimeSpan SessionPollInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the blocking facade calls below.
        await Task.Yield();
        using var server = new RtspServer(system, rtspSettings);
        try
        {
            server.Init(options.Port);
            try
            {
                running.Started(server.Web, () => server.Port, new SessionControl(server, system.Settings.Config,
                    source.Pull is null ? new HashSet<string>(StringComparer.Ordinal) { options.Session } : new HashSet<string>(StringComparer.Ordinal)));
                foreach (var configured in configuredSources.All)
                {
                    server.PullRtspSource(configured);
                }

                // Disposed (a reload under way finished) before the server is deinitialized below.
                await using var reloads = ReloadSourcesOnHangup(server);
                if (source.Pull is { } pull)
                {
                    server.PullRtspSource(pull);
                    configuredPushes.StartOn(server);
                    server.Start();
                    _ = RtspWarmUp.RunAsync(rtspSettings.BindAddress, server.Port);
                    await ServePulledCamera(server, stoppingToken);
                    return;
                }

                server.CreateSession(options.Session, source.Codec, options.Audio);
                var (kind, description) = options.Source.Describe();
                server.DescribeSource(options.Session, kind, description);
                configuredPushes.StartOn(server);
                if (options.Listen)
                {
                    server.Start();
                    _ = RtspWarmUp.RunAsync(rtspSettings.BindAddress, server.Port);
                }

                await Stream(server, source.Camera!, stoppingToken);
            }
            finally
            {
                // Stops serving first, if it did.
                server.Deinit();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Only a board is in a cluster, so only a board can have been downed.
            outcome.Stopping(system, logger, "board");
        }
        catch (Exception error) when (error is RtspServerException or NotSupportedException or ChannelClosedException or EncoderFailedException
                                          or ArgumentException or IOException)
        {
            logger.LogCritical("serve failed: {Reason}", (error as ChannelClosedException)?.InnerException?.Message ?? error.Message);
            outcome.Failed();
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    /// <summary>
    /// Serves a pulled camera: prints the session's URL once the camera has described its stream
    /// (while it cannot be reached, the log says why and the source keeps trying), then serves until stopped.
    /// </summary>
    private async Task ServePulledCamera(RtspServer server, CancellationToken stoppingToken)
    {
        // Ready as /readyz has it: the listener is bound and a camera that cannot be reached yet only
        // degrades the node (restarting the node would not bring the camera back).
        announcement.ServingWithoutUrl($"serving on {server.BaseUrl}, waiting for the camera of {options.Session}");
        while (!HasSession(server, options.Session))
        {
            await Task.Delay(SessionPollInterval, stoppingToken);
        }

        announcement.Serving(server.GetRtspUrl(options.Session));
        await Task.Delay(Timeout.Infinite, stoppingToken);
    }

    /// <summary>
    /// On SIGHUP, the --config file's <c>mediaactors.sources</c> is applied to <paramref name="server"/>
    /// (<see cref="SourcesReload"/>); a changed source's pushes start again with it.
    /// </summary>
    private HangupSignal ReloadSourcesOnHangup(RtspServer server)
    {
        var reload = new SourcesReload(config, configuredSources.All, options.Session,
            add: settings =>
            {
                server.PullRtspSource(settings);
                configuredPushes.StartOn(server, settings.SessionName);
            },
            remove: server.DestroySession,
            reloadLogger);
        return new HangupSignal(() => reload.Reload(), reloadLogger);
    }

    private static bool HasSession(RtspServer server, string session)
    {
        try
        {
            server.GetSessionStats(session);
            return true;
        }
        catch (RtspSessionNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The camera loop and, with --audio, the microphone loop (the K230 sample runs them on
    /// two threads); the first to fail ends both.</summary>
    private async Task Stream(RtspServer server, CameraSource source, CancellationToken stoppingToken)
    {
        using var bothLoops = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var loops = new List<Task> { StreamCamera(server, source, bothLoops.Token) };
        if (options.Audio is { } audio)
        {
            loops.Add(StreamMicrophone(server, audio, bothLoops.Token));
        }

        var first = await Task.WhenAny(loops);
        bothLoops.Cancel();
        await first;
        // The other loop ends by cancellation; wait for it to release its source.
        await Task.WhenAll(loops).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>The synthetic tone, encoded as the session's audio codec, pushed chunk by chunk with SendAudioData.</summary>
    private async Task StreamMicrophone(RtspServer server, Codec codec, CancellationToken stoppingToken)
    {
        using var microphone = new SyntheticAudioSource(codec, new AudioFormat());
        microphone.Start();
        await foreach (var chunk in microphone.Output.ReadAllAsync(stoppingToken))
        {
            server.SendAudioData(options.Session, chunk.Data.Span, SampleTimestamp);
        }

        await microphone.Completion;
    }

    /// <summary>The camera restarted its encoder: the session's source shows it (a session being destroyed as the node stops has no use for it).</summary>
    private void ReportRestart(RtspServer server, FrameFlow.Restarted restart)
    {
        try
        {
            server.ReportSourceRestart(options.Session, restart);
        }
        catch (Exception error) when (error is RtspServerException or ObjectDisposedException)
        {
            logger.LogDebug("Encoder restart {Restarts} not shown on the session: {Reason}", restart.Restarts, error.Message);
        }
    }

    private async Task StreamCamera(RtspServer server, CameraSource source, CancellationToken stoppingToken)
    {
        await using var camera = CameraPipeline.Start(system, source, cameraSettings, restarted: restart => ReportRestart(server, restart));

        var announced = false;
        while (true)
        {
            var frame = await camera.GetStreamAsync(stoppingToken);
            for (var pack = 0; pack < frame.Packs.Count; pack++)
            {
                server.SendVideoData(options.Session, frame.Pack(pack).Span, SampleTimestamp);
            }

            if (!announced)
            {
                // The first frame carried SPS/PPS, so DESCRIBE can be answered: ready to serve.
                if (options.Listen)
                {
                    announcement.Serving(options.PrintBaseUrl ? server.BaseUrl : server.GetRtspUrl(options.Session));
                }
                else
                {
                    announcement.ServingWithoutUrl($"streaming {options.Session} to the cluster's relays (no RTSP port of its own)");
                }
                announced = true;
            }
        }
    }
}
