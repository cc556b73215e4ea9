namespace MediaActors.Hardware;

/// <summary>The encoder stopped producing output; the message carries what the encoder said last.</summary>
public sealed class EncoderFailedException : Exception
{
    /// <summary>Creates the exception with a message that already names the cause.</summary>
    public EncoderFailedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
