using System.Globalization;

namespace MediaActors.Protocol.Sdp;

/// <summary>
/// The parameters of an a=fmtp attribute, "name=value;name=value", as servers write them:
/// names compared without regard to case, whitespace around ';' and '=' tolerated (FFmpeg writes
/// "; "), empty entries skipped. A receiver reads its codec's parameters from here.
/// </summary>
public sealed class SdpFormatParameters
{
    private readonly Dictionary<string, string> _values;

    private SdpFormatParameters(Dictionary<string, string> values)
    {
        _values = values;
    }

    /// <summary>Parses the fmtp value after the payload type; null or empty gives no parameters. A name written twice keeps its first value.</summary>
    public static SdpFormatParameters Parse(string? formatParameters)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in (formatParameters ?? string.Empty).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=');
            var name = (equals < 0 ? entry : entry[..equals]).Trim();
            var value = equals < 0 ? string.Empty : entry[(equals + 1)..].Trim();
            values.TryAdd(name, value);
        }

        return new SdpFormatParameters(values);
    }

    /// <summary>The value of <paramref name="name"/>, null when absent.</summary>
    public string? this[string name] => _values.GetValueOrDefault(name);

    /// <summary>True when <paramref name="name"/> is absent or holds exactly <paramref name="expected"/> (a decimal number).</summary>
    public bool IsAbsentOr(string name, int expected) =>
        this[name] is not { } value
        || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number == expected);

    /// <summary>
    /// Appends the binary values of a comma-separated base64 list (sprop-parameter-sets,
    /// sprop-sps...) to <paramref name="values"/>, skipping empty entries and tolerating missing
    /// padding. True when <paramref name="name"/> is absent or every entry decoded; false, with
    /// nothing appended, when one did not.
    /// </summary>
    public bool TryDecodeBase64List(string name, List<ReadOnlyMemory<byte>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (this[name] is not { } list)
        {
            return true;
        }

        var decoded = new List<ReadOnlyMemory<byte>>();
        foreach (var entry in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var padded = entry.PadRight(entry.Length + ((4 - (entry.Length % 4)) % 4), '=');
            var buffer = new byte[padded.Length / 4 * 3];
            if (!Convert.TryFromBase64String(padded, buffer, out var length) || length == 0)
            {
                return false;
            }

            decoded.Add(buffer.AsMemory(0, length));
        }

        values.AddRange(decoded);
        return true;
    }
}
