namespace MediaActors.Protocol.Codecs.H264;

/// <summary>
/// nal_unit_type values of ITU-T H.264 table 7-1, plus the RTP-only aggregation and
/// fragmentation types of RFC 6184 (24..29).
/// </summary>
public enum H264NalUnitType : byte
{
    Unspecified = 0,
    NonIdrSlice = 1,
    SliceDataPartitionA = 2,
    SliceDataPartitionB = 3,
    SliceDataPartitionC = 4,
    IdrSlice = 5,
    Sei = 6,
    Sps = 7,
    Pps = 8,
    AccessUnitDelimiter = 9,
    EndOfSequence = 10,
    EndOfStream = 11,
    FillerData = 12,
    SpsExtension = 13,
    Prefix = 14,
    SubsetSps = 15,
    StapA = 24,
    StapB = 25,
    Mtap16 = 26,
    Mtap24 = 27,
    FuA = 28,
    FuB = 29,
}
