using System.Runtime.InteropServices;

namespace MediaActors.Hardware.K230.Native;

// Mirrors k_video_frame and k_video_frame_info of mpp/include/comm/k_video_comm.h (kendryte/k230_sdk,
// src/big/mpp, identical at commits 12455f6 and 8074e1e) for riscv64 LP64: k_u64 and pointers are
// 8 bytes, enums 4. The layout is unverified on hardware.

/// <summary>k_video_frame: one picture in media memory, addressed by physical address per plane.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct VideoFrame
{
    public uint Width;
    public uint Height;
    public VideoField Field;
    public PixelFormatId PixelFormat;
    public int VideoFormat;
    public int DynamicRange;
    public int CompressMode;
    public int ColorGamut;
    public fixed uint HeaderStride[3];
    public fixed uint Stride[3];
    public fixed ulong HeaderPhysicalAddress[3];
    public fixed ulong HeaderVirtualAddress[3];
    public fixed ulong PhysicalAddress[3];
    public fixed ulong VirtualAddress[3];
    public short OffsetTop;
    public short OffsetBottom;
    public short OffsetLeft;
    public short OffsetRight;
    public uint TimeReference;
    public ulong Pts;
    public ulong PrivateData;
    public VideoSupplement Supplement;
}

/// <summary>k_video_supplement: auxiliary ISP/JPEG information; unused here, present for the size.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VideoSupplement
{
    public ulong JpegDcfPhysicalAddress;
    public ulong IspInfoPhysicalAddress;
    public nint JpegDcfKernelAddress;
    public nint IspInfoKernelAddress;
}

/// <summary>k_video_frame_info: a frame and the VB pool its memory belongs to.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VideoFrameInfo
{
    public VideoFrame Frame;
    public uint PoolId;
    public int ModuleId;
}

/// <summary>k_video_field.</summary>
internal enum VideoField
{
    Frame = 0x4,
}

/// <summary>
/// k_pixel_format. Its numbering moved between SDK releases (8074e1e inserted
/// PIXEL_FORMAT_BGRA_8888 before the YUV formats, shifting them by one); this is the newer one.
/// </summary>
internal enum PixelFormatId
{
    /// <summary>PIXEL_FORMAT_YUV_SEMIPLANAR_420: NV12 (Y plane, then interleaved U,V).</summary>
    YuvSemiPlanar420 = 31,
}
