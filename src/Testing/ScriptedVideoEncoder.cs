using System.Threading.Channels;
using MediaActors.Hardware;

namespace MediaActors.Testing;

/// <summary>
/// A stand-in for the hardware encoder (the one place tests mock): each raw frame it is given comes
/// out at once as the next of a list of real access units, starting with a keyframe. With
/// <paramref name="failAfterFrames"/> it dies like a crashed ffmpeg child after that many frames.
/// </summary>
public sealed class ScriptedVideoEncoder(IReadOnlyList<byte[]> accessUnits, VideoFormat format, int? failAfterFrames = null) : IVideoEncoder
{
    private readonly Channel<EncodedPacket> _output = Channel.CreateUnbounded<EncodedPacket>();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _frames;

    public EncoderSettings Settings { get; } = new(format);

    public ChannelReader<EncodedPacket> Output => _output.Reader;

    public Task Completion => _completion.Task;

    public void Start()
    {
    }

    public ValueTask EncodeAsync(ReadOnlyMemory<byte> rawFrame, CancellationToken cancellationToken)
    {
        if (_frames == failAfterFrames)
        {
            var crash = new IOException("the scripted encoder crashed");
            _output.Writer.TryComplete(crash);
            _completion.TrySetException(crash);
            return ValueTask.CompletedTask;
        }
        var index = _frames++;
        _output.Writer.TryWrite(new EncodedPacket(accessUnits[(int)(index % accessUnits.Count)], index));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _output.Writer.TryComplete();
        _completion.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
