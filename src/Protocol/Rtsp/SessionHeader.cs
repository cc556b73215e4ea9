using System.Globalization;

namespace MediaActors.Protocol.Rtsp;

/// <summary>The Session header (RFC 2326 section 12.37): "id" or "id;timeout=60".</summary>
/// <param name="Id">The session identifier.</param>
/// <param name="TimeoutSeconds">How long the server keeps the session without a keepalive; null when not stated.</param>
public sealed record SessionHeader(string Id, int? TimeoutSeconds)
{
    private const string TimeoutParameter = "timeout";

    /// <summary>Parses a Session header value; false (never throws) for an empty id or a non-numeric timeout. Unknown parameters are ignored.</summary>
    public static bool TryParse(string value, out SessionHeader? header)
    {
        header = null;
        if (value is null)
        {
            return false;
        }

        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        var id = parts[0];
        if (!IsValidId(id))
        {
            return false;
        }

        int? timeout = null;
        for (var i = 1; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=');
            if (equals < 0 || !parts[i][..equals].Trim().Equals(TimeoutParameter, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!int.TryParse(parts[i][(equals + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return false;
            }

            timeout = seconds;
        }

        header = new SessionHeader(id, timeout);
        return true;
    }

    /// <summary>"id;timeout=60", or just "id" without a timeout.</summary>
    public override string ToString() =>
        TimeoutSeconds is { } seconds ? string.Create(CultureInfo.InvariantCulture, $"{Id};{TimeoutParameter}={seconds}") : Id;

    /// <summary>RFC 2326 session-id: visible characters; ';' separates parameters, so it cannot be part of the id.</summary>
    private static bool IsValidId(string id) =>
        id.Length > 0 && RtspSyntax.IsRequestUri(id) && !id.Contains(';', StringComparison.Ordinal);
}
