using System.Threading.Channels;
using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware;

/// <summary>
/// A microphone with its encoder: once started it produces encoded audio in real time by itself,
/// because a live microphone cannot be asked for samples faster than they are spoken.
/// </summary>
public interface IAudioSource : IDisposable
{
    /// <summary>How <see cref="Output"/> is encoded: an audio codec.</summary>
    Codec Codec { get; }

    /// <summary>The rate and channels of the captured audio.</summary>
    AudioFormat Format { get; }

    /// <summary>Starts capturing; call once.</summary>
    void Start();

    /// <summary>
    /// The encoded audio, in order. Bounded, and drops the oldest piece when nobody reads: live audio
    /// must not queue up behind a slow consumer. Completes when the source stops, with the error if it failed.
    /// </summary>
    ChannelReader<EncodedAudio> Output { get; }

    /// <summary>Completes when the source has stopped; faults with the error if it failed.</summary>
    Task Completion { get; }
}
