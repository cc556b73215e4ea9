using System.Collections;
using System.Globalization;

namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// The header fields of an RTSP message: ordered as received or added, names compared
/// case-insensitively, a name may repeat.
/// </summary>
/// <remarks>
/// Names must be tokens and values must hold no control character other than tab, checked on
/// every Add and Set: a CR or LF smuggled in from a URL or a client's header would otherwise
/// let it inject header lines into a response.
/// </remarks>
public sealed class RtspHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    /// <summary>Number of header fields, repeated names counted once per occurrence.</summary>
    public int Count => _fields.Count;

    /// <summary>The first value of header <paramref name="name"/>, or null when absent.</summary>
    public string? this[string name]
    {
        get
        {
            var index = IndexOf(name);
            return index < 0 ? null : _fields[index].Value;
        }
    }

    /// <summary>Appends a field, keeping any existing ones of the same name.</summary>
    /// <exception cref="ArgumentException">The name is not a token or the value holds a control character.</exception>
    public void Add(string name, string value)
    {
        Validate(name, value);
        _fields.Add(new KeyValuePair<string, string>(name, value));
    }

    /// <summary>Replaces all fields named <paramref name="name"/> by one, at the position of the first.</summary>
    /// <exception cref="ArgumentException">The name is not a token or the value holds a control character.</exception>
    public void Set(string name, string value)
    {
        Validate(name, value);
        var index = IndexOf(name);
        if (index < 0)
        {
            _fields.Add(new KeyValuePair<string, string>(name, value));
            return;
        }

        _fields[index] = new KeyValuePair<string, string>(name, value);
        for (var i = _fields.Count - 1; i > index; i--)
        {
            if (IsNamed(_fields[i], name))
            {
                _fields.RemoveAt(i);
            }
        }
    }

    /// <summary>Removes every field named <paramref name="name"/>; true when there was one.</summary>
    public bool Remove(string name) => _fields.RemoveAll(field => IsNamed(field, name)) > 0;

    /// <summary>True when a field named <paramref name="name"/> exists.</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>All values of <paramref name="name"/>, in order.</summary>
    public IEnumerable<string> GetValues(string name)
    {
        foreach (var field in _fields)
        {
            if (IsNamed(field, name))
            {
                yield return field.Value;
            }
        }
    }

    /// <summary>
    /// Reads the first value of <paramref name="name"/> as a non-negative decimal integer
    /// (CSeq, Content-Length); false when absent or not such a number.
    /// </summary>
    public bool TryGetNonNegativeInt32(string name, out int value)
    {
        value = 0;
        var text = this[name];
        return text is not null && int.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool IsNamed(KeyValuePair<string, string> field, string name) =>
        string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase);

    private static void Validate(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!RtspSyntax.IsToken(name))
        {
            throw new ArgumentException($"Header name '{name}' is not a token.", nameof(name));
        }

        if (!RtspSyntax.IsFieldValue(value))
        {
            throw new ArgumentException($"The value of header '{name}' contains a control character.", nameof(value));
        }
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _fields.Count; i++)
        {
            if (IsNamed(_fields[i], name))
            {
                return i;
            }
        }

        return -1;
    }
}
