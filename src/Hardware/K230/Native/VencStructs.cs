using System.Runtime.InteropServices;

namespace MediaActors.Hardware.K230.Native;

// Mirrors the VENC types of mpp/include/comm/k_venc_comm.h and k_payload_comm.h (kendryte/k230_sdk,
// src/big/mpp, commit 12455f6) for riscv64 LP64. The layout is unverified on hardware.

/// <summary>k_venc_chn_attr: what create_chn needs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VencChannelAttributes
{
    public VencAttributes Encoder;
    public VencRateControl RateControl;
}

/// <summary>k_venc_attr.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VencAttributes
{
    public PayloadType Type;
    public uint StreamBufferSize;
    public uint StreamBufferCount;
    public uint PictureWidth;
    public uint PictureHeight;
    public VencProfile Profile;
}

/// <summary>
/// k_venc_rc_attr: the mode, then a union of k_venc_cbr / vbr / fixqp / mjpeg_fixqp. Only CBR is
/// used; the union is as large as its largest member (k_venc_vbr, six words), one more than CBR's five.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VencRateControl
{
    public VencRateControlMode Mode;
    public VencConstantBitrate ConstantBitrate;
    public uint UnionRemainder;
}

/// <summary>k_venc_cbr.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VencConstantBitrate
{
    public uint Gop;
    public uint StatisticsSeconds;
    public uint SourceFrameRate;
    public uint TargetFrameRate;
    public uint BitrateKbps;
}

/// <summary>k_venc_pack: one piece of encoded stream in media memory (Annex-B, start code included).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VencPack
{
    public ulong PhysicalAddress;
    public uint Length;
    public ulong Pts;
    public VencPackType Type;
}

/// <summary>k_venc_stream: the caller provides room for pack_cnt packs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct VencStream
{
    public VencPack* Packs;
    public uint PackCount;
}

/// <summary>k_venc_chn_status.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VencChannelStatus
{
    public uint CurrentPacks;
    public ulong ReleasePicturePts;
    public MppBool EndOfStream;
    public uint PictureBytes;
    public uint PictureCount;
    public uint StartQp;
    public uint MeanQp;
}

/// <summary>k_payload_type (the values used here).</summary>
internal enum PayloadType
{
    H264 = 96,
    H265 = 265,
}

/// <summary>k_venc_profile (the values used here).</summary>
internal enum VencProfile
{
    H264Main = 2,
    H265Main = 5,
}

/// <summary>k_venc_rc_mode (the value used here).</summary>
internal enum VencRateControlMode
{
    ConstantBitrate = 1,
}

/// <summary>k_venc_pack_type.</summary>
internal enum VencPackType
{
    PFrame = 1,
    IFrame = 2,
    Header = 3,
}
