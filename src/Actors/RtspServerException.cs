namespace MediaActors;

/// <summary>A call into <see cref="RtspServer"/> that could not be carried out; the message names the problem.</summary>
public class RtspServerException : Exception
{
    public RtspServerException(string message) : base(message) { }
    public RtspServerException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The named session does not exist on this server (never created, or already destroyed).</summary>
public sealed class RtspSessionNotFoundException : RtspServerException
{
    public RtspSessionNotFoundException(string sessionName)
        : base($"No RTSP session named '{sessionName}' exists; call CreateSession(\"{sessionName}\", ...) first.") =>
        SessionName = sessionName;

    public string SessionName { get; }
}

/// <summary>A session cannot be made under a name another session (or a pulled camera, or a publisher) already has.</summary>
public sealed class SessionNameTakenException(string sessionName, string paramName)
    : ArgumentException($"A session named '{sessionName}' already exists.", paramName)
{
    public string SessionName { get; } = sessionName;
}
