namespace MediaActors.Protocol.Rtsp;

/// <summary>The RTSP 1.0 methods (RFC 2326 section 10). Methods are case-sensitive.</summary>
public static class RtspMethods
{
    public const string OPTIONS = nameof(OPTIONS);
    public const string DESCRIBE = nameof(DESCRIBE);
    public const string SETUP = nameof(SETUP);
    public const string PLAY = nameof(PLAY);
    public const string PAUSE = nameof(PAUSE);
    public const string TEARDOWN = nameof(TEARDOWN);
    public const string GET_PARAMETER = nameof(GET_PARAMETER);
    public const string SET_PARAMETER = nameof(SET_PARAMETER);
    public const string ANNOUNCE = nameof(ANNOUNCE);
    public const string RECORD = nameof(RECORD);
}
