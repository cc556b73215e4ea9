namespace MediaActors.Protocol.Rtsp;

/// <summary>RTSP status codes (RFC 2326 section 7.1.1) and their reason phrases.</summary>
public static class RtspStatus
{
    public const int Ok = 200;
    public const int MovedTemporarily = 302;
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int Forbidden = 403;
    public const int NotFound = 404;
    public const int MethodNotAllowed = 405;
    public const int NotAcceptable = 406;
    public const int RequestTimeout = 408;
    public const int RequestEntityTooLarge = 413;
    public const int RequestUriTooLarge = 414;
    public const int UnsupportedMediaType = 415;
    public const int ParameterNotUnderstood = 451;
    public const int NotEnoughBandwidth = 453;
    public const int SessionNotFound = 454;
    public const int MethodNotValidInThisState = 455;
    public const int HeaderFieldNotValidForResource = 456;
    public const int InvalidRange = 457;
    public const int ParameterIsReadOnly = 458;
    public const int AggregateOperationNotAllowed = 459;
    public const int OnlyAggregateOperationAllowed = 460;
    public const int UnsupportedTransport = 461;
    public const int DestinationUnreachable = 462;
    public const int InternalServerError = 500;
    public const int NotImplemented = 501;
    public const int ServiceUnavailable = 503;
    public const int RtspVersionNotSupported = 505;
    public const int OptionNotSupported = 551;

    /// <summary>The RFC 2326 reason phrase of <paramref name="statusCode"/>; a generic one per class for unknown codes.</summary>
    public static string ReasonPhrase(int statusCode) => statusCode switch
    {
        Ok => "OK",
        BadRequest => "Bad Request",
        Unauthorized => "Unauthorized",
        Forbidden => "Forbidden",
        NotFound => "Not Found",
        MethodNotAllowed => "Method Not Allowed",
        NotAcceptable => "Not Acceptable",
        RequestTimeout => "Request Timeout",
        RequestEntityTooLarge => "Request Entity Too Large",
        RequestUriTooLarge => "Request-URI Too Large",
        UnsupportedMediaType => "Unsupported Media Type",
        ParameterNotUnderstood => "Parameter Not Understood",
        NotEnoughBandwidth => "Not Enough Bandwidth",
        SessionNotFound => "Session Not Found",
        MethodNotValidInThisState => "Method Not Valid in This State",
        HeaderFieldNotValidForResource => "Header Field Not Valid for Resource",
        InvalidRange => "Invalid Range",
        ParameterIsReadOnly => "Parameter Is Read-Only",
        AggregateOperationNotAllowed => "Aggregate Operation Not Allowed",
        OnlyAggregateOperationAllowed => "Only Aggregate Operation Allowed",
        UnsupportedTransport => "Unsupported Transport",
        DestinationUnreachable => "Destination Unreachable",
        InternalServerError => "Internal Server Error",
        NotImplemented => "Not Implemented",
        ServiceUnavailable => "Service Unavailable",
        RtspVersionNotSupported => "RTSP Version Not Supported",
        OptionNotSupported => "Option Not Supported",
        >= 200 and < 300 => "Success",
        >= 300 and < 400 => "Redirection",
        >= 400 and < 500 => "Client Error",
        _ => "Server Error",
    };
}
