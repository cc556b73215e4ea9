using System.Buffers;

namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// Character classes of the RTSP message grammar (RFC 2326 section 15, borrowing HTTP's), shared
/// by the parsers and by the validation that keeps serialized messages well-formed.
/// </summary>
internal static class RtspSyntax
{
    /// <summary>The only protocol version this library speaks.</summary>
    public const string Version = "RTSP/1.0";

    private const string TokenCharacters = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Controls other than horizontal tab; CR and LF among them are what header injection needs.</summary>
    private const string FieldValueForbidden =
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F";

    private static readonly SearchValues<char> TokenChars = SearchValues.Create(TokenCharacters);
    private static readonly SearchValues<byte> TokenBytes = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(TokenCharacters));
    private static readonly SearchValues<char> FieldValueForbiddenChars = SearchValues.Create(FieldValueForbidden);
    private static readonly SearchValues<byte> FieldValueForbiddenBytes = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(FieldValueForbidden));

    /// <summary>True for a non-empty RFC 7230 token: methods and header names.</summary>
    public static bool IsToken(ReadOnlySpan<char> value) => !value.IsEmpty && !value.ContainsAnyExcept(TokenChars);

    /// <inheritdoc cref="IsToken(ReadOnlySpan{char})"/>
    public static bool IsToken(ReadOnlySpan<byte> value) => !value.IsEmpty && !value.ContainsAnyExcept(TokenBytes);

    /// <summary>True when a header value holds no control character except tab.</summary>
    public static bool IsFieldValue(ReadOnlySpan<char> value) => !value.ContainsAny(FieldValueForbiddenChars);

    /// <inheritdoc cref="IsFieldValue(ReadOnlySpan{char})"/>
    public static bool IsFieldValue(ReadOnlySpan<byte> value) => !value.ContainsAny(FieldValueForbiddenBytes);

    /// <summary>True for a non-empty request URI: no spaces and no controls (tab included).</summary>
    public static bool IsRequestUri(ReadOnlySpan<char> value) => !value.IsEmpty && IsFieldValue(value) && !value.ContainsAny(' ', '\t');

    /// <inheritdoc cref="IsRequestUri(ReadOnlySpan{char})"/>
    public static bool IsRequestUri(ReadOnlySpan<byte> value) => !value.IsEmpty && IsFieldValue(value) && !value.ContainsAny((byte)' ', (byte)'\t');
}
