using System.Threading.Channels;
using Akka.Actor;
using MediaActors.Hardware;

namespace MediaActors.Pipeline;

/// <summary>
/// A running camera: sensor and encoder actors, and the bounded stream of encoded frames they
/// produce. <see cref="GetStreamAsync"/> is the K230 sample's <c>encoder.GetStream</c>.
/// </summary>
public sealed class CameraPipeline : IAsyncDisposable
{
    private readonly IActorRef _camera;
    private readonly ChannelReader<EncodedFrame> _stream;

    private CameraPipeline(IActorRef camera, ChannelReader<EncodedFrame> stream)
    {
        _camera = camera;
        _stream = stream;
    }

    /// <summary>Starts sensor and encoder under <paramref name="actors"/>.</summary>
    public static CameraPipeline Start(IActorRefFactory actors, ISensor sensor, Func<IVideoEncoder> encoderFactory, CameraSettings settings, string name = "camera")
    {
        // The streaming loop must keep up; if it does not, the encoder drops to the next keyframe.
        var output = Channel.CreateBounded<EncodedFrame>(new BoundedChannelOptions(settings.OutputBuffers)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var camera = actors.ActorOf(CameraActor.Props(sensor, encoderFactory, output.Writer, settings.EncoderCredit), name);
        return new CameraPipeline(camera, output.Reader);
    }

    /// <summary>
    /// Waits for the next encoded frame. Throws <see cref="ChannelClosedException"/> when the camera
    /// stopped; its inner exception says why (for example ffmpeg could not be started).
    /// </summary>
    public ValueTask<EncodedFrame> GetStreamAsync(CancellationToken cancellationToken) =>
        _stream.ReadAsync(cancellationToken);

    /// <summary>Stops sensor and encoder; the encoder's child process is gone when this completes.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _camera.GracefulStop(TimeSpan.FromSeconds(5));
        }
        catch (TaskCanceledException)
        {
            // Already stopped (it gave up after encoder failures).
        }
    }
}
