using System.Globalization;
using System.Text;

namespace MediaActors.Protocol.Rtsp;

/// <summary>Serializes a start line, header fields and body with CRLF line endings.</summary>
internal static class RtspMessageWriter
{
    private const string ContentLength = "Content-Length";

    /// <summary>
    /// Writes the message. Content-Length is always derived from the body (written when it is
    /// non-empty, never copied from <paramref name="headers"/>), so it cannot disagree with it.
    /// </summary>
    public static byte[] Write(string startLine, RtspHeaders headers, byte[] body)
    {
        var head = new StringBuilder(256);
        head.Append(startLine).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            if (!string.Equals(name, ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        if (body.Length > 0)
        {
            head.Append(ContentLength).Append(": ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        head.Append("\r\n");
        var headText = head.ToString();
        var headLength = Encoding.UTF8.GetByteCount(headText);
        var message = new byte[headLength + body.Length];
        Encoding.UTF8.GetBytes(headText, message);
        body.CopyTo(message, headLength);
        return message;
    }
}
