using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MediaActors.Protocol.Auth;

/// <summary>
/// Issues and checks Digest nonces without remembering them: a nonce is the issue time plus an
/// HMAC-SHA256 of it under a key only this instance knows, so the server keeps no per-client
/// state, a client cannot forge or backdate one, and nonces die with the process.
/// </summary>
/// <remarks>
/// The time is <see cref="TimeProvider.GetTimestamp"/>, monotonic, so a wall-clock step cannot
/// expire every nonce or revive old ones. Hex rather than base64: plain letters and digits need
/// no care in any client's quoting or logging. No nonce-count tracking: within its lifetime a
/// nonce may be replayed, but only for the URI it was hashed with.
/// </remarks>
internal sealed class DigestNonces
{
    private const int TimestampBytes = sizeof(long);
    private const int MacBytes = 16;

    /// <summary>Length of a nonce: hex of an 8-byte timestamp and a 16-byte truncated HMAC.</summary>
    public const int Length = (TimestampBytes + MacBytes) * 2;

    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public DigestNonces(byte[] key, TimeProvider time, TimeSpan lifetime)
    {
        _key = key;
        _time = time;
        _lifetime = lifetime;
    }

    /// <summary>What a received nonce turned out to be.</summary>
    public enum Status
    {
        /// <summary>Issued here and within its lifetime.</summary>
        Valid,

        /// <summary>Issued here but older than the lifetime (or from a timestamp ahead of now).</summary>
        Expired,

        /// <summary>Not issued by this instance: malformed, forged, or from another server or process.</summary>
        Unknown,
    }

    /// <summary>A fresh nonce stamped with the current time.</summary>
    public string Issue()
    {
        Span<byte> nonce = stackalloc byte[TimestampBytes + MacBytes];
        BinaryPrimitives.WriteInt64BigEndian(nonce, _time.GetTimestamp());
        Sign(nonce[..TimestampBytes], nonce[TimestampBytes..]);
        return Convert.ToHexStringLower(nonce);
    }

    /// <summary>Checks the MAC in constant time, then the age; never throws.</summary>
    public Status Check(string nonce)
    {
        Span<byte> bytes = stackalloc byte[TimestampBytes + MacBytes];
        if (nonce.Length != Length
            || Convert.FromHexString(nonce, bytes, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != bytes.Length)
        {
            return Status.Unknown;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Sign(bytes[..TimestampBytes], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[TimestampBytes..]))
        {
            return Status.Unknown;
        }

        var issued = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var age = _time.GetElapsedTime(issued);
        return age >= TimeSpan.Zero && age <= _lifetime ? Status.Valid : Status.Expired;
    }

    private void Sign(ReadOnlySpan<byte> timestamp, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, timestamp, full);
        full[..MacBytes].CopyTo(mac);
    }
}
