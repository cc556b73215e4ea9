using System.Threading.Channels;

namespace MediaActors.Hardware;

/// <summary>Ends a producer's output channel and its Completion task together, so they never disagree.</summary>
internal static class StreamEnd
{
    /// <summary>Completes both, with <paramref name="error"/> when it is set; only the first call counts.</summary>
    public static void Finish<T>(ChannelWriter<T> output, TaskCompletionSource completion, Exception? error)
    {
        output.TryComplete(error);
        if (error is null)
        {
            completion.TrySetResult();
        }
        else
        {
            completion.TrySetException(error);
        }
    }
}
