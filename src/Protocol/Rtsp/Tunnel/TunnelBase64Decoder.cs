namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// Decodes the base64 body of an RTSP-over-HTTP tunnel's POST as it arrives. Clients encode
/// each request (or interleaved RTCP frame) on its own, so padding appears in the middle of the
/// body, and a read may end anywhere inside a quantum: the decoder keeps the partial quantum
/// between calls. Whitespace and line breaks are skipped; any other non-base64 byte is an error.
/// </summary>
public sealed class TunnelBase64Decoder
{
    private static readonly sbyte[] Values = BuildValues();

    private int _quantum;
    private int _sextets;
    private int _padding;

    /// <summary>
    /// Decodes <paramref name="encoded"/> into <paramref name="decoded"/>, which must hold at least
    /// three quarters of its length plus two bytes.
    /// </summary>
    /// <returns>The number of bytes decoded, or -1 when the input is not base64.</returns>
    public int Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded)
    {
        var written = 0;
        foreach (var symbol in encoded)
        {
            if (symbol is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')
            {
                continue;
            }

            if (symbol == (byte)'=')
            {
                // "xx==" carries one byte, "xxx=" two; padding cannot start a quantum.
                if (_sextets + _padding < 2)
                {
                    return -1;
                }

                _padding++;
            }
            else if (Values[symbol] is var value and >= 0 && _padding == 0)
            {
                _quantum = (_quantum << 6) | (byte)value;
                _sextets++;
            }
            else
            {
                return -1;
            }

            if (_sextets + _padding == 4)
            {
                var bits = _quantum << (6 * _padding);
                decoded[written++] = (byte)(bits >> 16);
                if (_padding < 2)
                {
                    decoded[written++] = (byte)(bits >> 8);
                }

                if (_padding < 1)
                {
                    decoded[written++] = (byte)bits;
                }

                _quantum = _sextets = _padding = 0;
            }
        }

        return written;
    }

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[256];
        Array.Fill(values, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < alphabet.Length; i++)
        {
            values[alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
