using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Auth;

/// <summary>
/// Splits a WWW-Authenticate or Authorization value into schemes and their auth-params (RFC 7235
/// section 2.1): <c>Digest realm="a, b", nonce=xyz, Basic realm="r"</c>.
/// </summary>
/// <remarks>
/// Quoted values may hold commas and backslash escapes; parameter names are case-insensitive and
/// may appear once per scheme (a repeated name is rejected, since two components reading
/// different copies is how authentication gets confused). Unquoted values end at a comma or
/// blank, wider than RFC 7235's token so that an unquoted URI or base64 value still parses. One
/// value may hold several challenges; a new one starts where a comma is followed by a token
/// that is not followed by '='.
/// </remarks>
internal static class AuthParameterParser
{
    /// <summary>Longest value accepted. Real headers are a few hundred characters; the bound keeps garbage cheap.</summary>
    public const int MaxValueLength = 4096;

    /// <summary>Most parameters per scheme; Digest uses at most ten.</summary>
    public const int MaxParameters = 32;

    private const char Quote = '"';
    private const char Escape = '\\';

    /// <summary>Parses <paramref name="value"/>; false (never throws) on any syntax error, an overlong value or a control character.</summary>
    public static bool TryParse(string? value, out IReadOnlyList<AuthScheme> schemes)
    {
        schemes = [];
        if (value is null || value.Length > MaxValueLength || !RtspSyntax.IsFieldValue(value))
        {
            return false;
        }

        var parsed = new List<AuthScheme>();
        var position = 0;
        SkipSeparators(value, ref position);
        while (position < value.Length)
        {
            if (!TryParseScheme(value, ref position, out var scheme))
            {
                return false;
            }

            parsed.Add(scheme);
            SkipSeparators(value, ref position);
        }

        schemes = parsed;
        return parsed.Count > 0;
    }

    /// <summary>A scheme name, then a token68, parameters, or nothing, up to the next scheme or the end.</summary>
    private static bool TryParseScheme(string text, ref int position, out AuthScheme scheme)
    {
        scheme = null!;
        var name = ReadToken(text, ref position);
        if (name.Length == 0 || (position < text.Length && !IsBlank(text[position]) && text[position] != ','))
        {
            return false;
        }

        SkipBlanks(text, ref position);
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (TryReadToken68(text, ref position, out var token68))
        {
            scheme = new AuthScheme(name, parameters, token68);
            return true;
        }

        // Another scheme may only follow a comma; "Digest foo bar" is garbage, not two schemes.
        var separated = position >= text.Length || text[position] == ',';
        SkipSeparators(text, ref position);
        while (position < text.Length)
        {
            var start = position;
            var parameterName = ReadToken(text, ref position);
            SkipBlanks(text, ref position);
            if (parameterName.Length == 0 || position >= text.Length || text[position] != '=')
            {
                if (!separated)
                {
                    return false;
                }

                position = start; // the next scheme begins here
                break;
            }

            position++;
            SkipBlanks(text, ref position);
            if (!TryReadValue(text, ref position, out var parameterValue)
                || parameters.Count >= MaxParameters
                || !parameters.TryAdd(parameterName, parameterValue))
            {
                return false;
            }

            SkipBlanks(text, ref position);
            if (position < text.Length && text[position] != ',')
            {
                return false;
            }

            separated = true;
            SkipSeparators(text, ref position);
        }

        scheme = new AuthScheme(name, parameters, null);
        return true;
    }

    /// <summary>
    /// token68 (RFC 7235): base64-like characters with optional trailing '=', alone up to a comma
    /// or the end, as Basic credentials are. "name=value" is a parameter, not a token68.
    /// </summary>
    private static bool TryReadToken68(string text, ref int position, out string? token68)
    {
        token68 = null;
        var end = position;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '-' or '.' or '_' or '~' or '+' or '/'))
        {
            end++;
        }

        while (end > position && end < text.Length && text[end] == '=')
        {
            end++;
        }

        var next = end;
        SkipBlanks(text, ref next);
        if (end == position || (next < text.Length && text[next] != ','))
        {
            return false;
        }

        token68 = text[position..end];
        position = next;
        return true;
    }

    /// <summary>A quoted-string (escapes removed) or an unquoted run up to a comma or blank; empty unquoted values are rejected.</summary>
    private static bool TryReadValue(string text, ref int position, out string value)
    {
        value = string.Empty;
        if (position < text.Length && text[position] == Quote)
        {
            return TryReadQuoted(text, ref position, out value);
        }

        var start = position;
        while (position < text.Length && text[position] != ',' && text[position] != Quote && !IsBlank(text[position]))
        {
            position++;
        }

        value = text[start..position];
        return value.Length > 0 && (position >= text.Length || text[position] != Quote);
    }

    private static bool TryReadQuoted(string text, ref int position, out string value)
    {
        value = string.Empty;
        var builder = new System.Text.StringBuilder();
        for (var i = position + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == Quote)
            {
                position = i + 1;
                value = builder.ToString();
                return true;
            }

            if (c == Escape)
            {
                if (++i >= text.Length)
                {
                    return false;
                }

                c = text[i];
            }

            builder.Append(c);
        }

        return false; // unterminated
    }

    private static string ReadToken(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && RtspSyntax.IsToken(text.AsSpan(position, 1)))
        {
            position++;
        }

        return text[start..position];
    }

    private static void SkipBlanks(string text, ref int position)
    {
        while (position < text.Length && IsBlank(text[position]))
        {
            position++;
        }
    }

    /// <summary>Blanks and commas: RFC 7230 lists tolerate empty elements (", ,").</summary>
    private static void SkipSeparators(string text, ref int position)
    {
        while (position < text.Length && (IsBlank(text[position]) || text[position] == ','))
        {
            position++;
        }
    }

    private static bool IsBlank(char c) => c is ' ' or '\t';
}
