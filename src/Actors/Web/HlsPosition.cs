namespace MediaActors.Web;

/// <summary>Where a part stands in the stream: part <paramref name="Index"/> (from 0) of segment <paramref name="Msn"/>, ordered by segment, then part.</summary>
public readonly record struct HlsPosition(long Msn, int Index) : IComparable<HlsPosition>
{
    public int CompareTo(HlsPosition other) => Msn != other.Msn ? Msn.CompareTo(other.Msn) : Index.CompareTo(other.Index);

    public static bool operator <(HlsPosition left, HlsPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(HlsPosition left, HlsPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(HlsPosition left, HlsPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(HlsPosition left, HlsPosition right) => left.CompareTo(right) >= 0;
}
