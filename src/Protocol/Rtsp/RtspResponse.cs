using System.Globalization;

namespace MediaActors.Protocol.Rtsp;

/// <summary>An RTSP response: status, header fields and body.</summary>
public sealed class RtspResponse
{
    private const int MinStatusCode = 100;
    private const int MaxStatusCode = 999;

    private string _reasonPhrase;

    /// <summary>Creates a response with the standard reason phrase of <paramref name="statusCode"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The code does not have three digits.</exception>
    public RtspResponse(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, MinStatusCode);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, MaxStatusCode);
        StatusCode = statusCode;
        _reasonPhrase = RtspStatus.ReasonPhrase(statusCode);
    }

    /// <summary>The three-digit status code.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase; no control characters (checked, like header values).</summary>
    /// <exception cref="ArgumentException">The value holds a control character.</exception>
    public string ReasonPhrase
    {
        get => _reasonPhrase;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!RtspSyntax.IsFieldValue(value))
            {
                throw new ArgumentException("The reason phrase contains a control character.", nameof(value));
            }

            _reasonPhrase = value;
        }
    }

    /// <summary>The header fields.</summary>
    public RtspHeaders Headers { get; } = new();

    /// <summary>The body (e.g. SDP for DESCRIBE); empty when there is none.</summary>
    public byte[] Body { get; set; } = [];

    /// <summary>The response in wire format: "RTSP/1.0 200 OK", CRLF lines, Content-Length when the body is non-empty.</summary>
    public byte[] Serialize() =>
        RtspMessageWriter.Write($"{RtspSyntax.Version} {StatusCode.ToString(CultureInfo.InvariantCulture)} {ReasonPhrase}", Headers, Body);
}
