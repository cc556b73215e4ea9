namespace MediaActors.Protocol.Codecs.H265;

/// <summary>
/// nal_unit_type values of ITU-T H.265 table 7-1, plus the RTP-only aggregation, fragmentation
/// and PACI types of RFC 7798 (48..50). Unnamed values are reserved or unspecified.
/// </summary>
public enum H265NalUnitType : byte
{
    /// <summary>TRAIL_N: trailing picture, not used for reference by pictures of the same sub-layer.</summary>
    TrailN = 0,

    /// <summary>TRAIL_R: trailing picture.</summary>
    TrailR = 1,
    TsaN = 2,
    TsaR = 3,
    StsaN = 4,
    StsaR = 5,
    RadlN = 6,
    RadlR = 7,
    RaslN = 8,
    RaslR = 9,

    /// <summary>BLA_W_LP: broken link access, may have leading pictures; the first IRAP type.</summary>
    BlaWLp = 16,
    BlaWRadl = 17,
    BlaNLp = 18,

    /// <summary>IDR_W_RADL: instantaneous decoding refresh that may have decodable leading pictures.</summary>
    IdrWRadl = 19,

    /// <summary>IDR_N_LP: instantaneous decoding refresh without leading pictures.</summary>
    IdrNLp = 20,

    /// <summary>CRA_NUT: clean random access; the usual keyframe of open-GOP encoders.</summary>
    Cra = 21,
    Vps = 32,
    Sps = 33,
    Pps = 34,
    AccessUnitDelimiter = 35,
    EndOfSequence = 36,
    EndOfBitstream = 37,
    FillerData = 38,
    PrefixSei = 39,
    SuffixSei = 40,

    /// <summary>RFC 7798 4.4.2: several NAL units in one RTP payload.</summary>
    AggregationPacket = 48,

    /// <summary>RFC 7798 4.4.3: a fragment of one NAL unit.</summary>
    FragmentationUnit = 49,

    /// <summary>RFC 7798 4.4.4: payload content information (not used here).</summary>
    Paci = 50,
}
