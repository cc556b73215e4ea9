using System.Runtime.InteropServices;

namespace MediaActors.Hardware.K230.Native;

// Mirrors the VICAP types of mpp/include/comm/k_vicap_comm.h (kendryte/k230_sdk, src/big/mpp,
// commit 8074e1e) for riscv64 LP64. These structs changed between SDK releases (12455f6 had a
// calib_file pointer in k_vicap_sensor_info, no input_type/image_pat/dev_enable/buffer/mirror in
// k_vicap_dev_attr and no alignment/fps in k_vicap_chn_attr): the board's SDK must match this
// release. The layout is unverified on hardware.

/// <summary>k_vicap_window.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VicapWindow
{
    public ushort HorizontalStart;
    public ushort VerticalStart;
    public ushort Width;
    public ushort Height;
}

/// <summary>k_vicap_sensor_info: what kd_mpi_vicap_get_sensor_info fills in for a sensor type.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VicapSensorInfo
{
    public nint SensorName;
    public ushort Width;
    public ushort Height;
    public int CsiNumber;
    public int MipiLanes;
    public int SourceId;
    public MppBool Is3dSensor;
    public int PhyFrequency;
    public int DataType;
    public int HdrMode;
    public int FlashMode;
    public int FirstFrame;
    public ushort GlitchFilter;
    public int SensorType;
}

/// <summary>k_vicap_dev_attr.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VicapDeviceAttributes
{
    public VicapWindow AcquisitionWindow;
    public VicapWorkMode Mode;
    public VicapInputType InputType;
    public int ImagePattern;
    public uint IspPipeControl;
    public uint CaptureFrame;
    public VicapSensorInfo SensorInfo;
    public MppBool DewarpEnable;
    public MppBool DeviceEnable;
    public uint BufferCount;
    public uint BufferSize;
    public int Mirror;
}

/// <summary>k_vicap_chn_attr.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VicapChannelAttributes
{
    public VicapWindow OutputWindow;
    public VicapWindow CropWindow;
    public VicapWindow ScaleWindow;
    public MppBool CropEnable;
    public MppBool ScaleEnable;
    public MppBool ChannelEnable;
    public PixelFormatId PixelFormat;
    public uint BufferCount;
    public uint BufferSize;
    public byte Alignment;
    public byte FramesPerSecond;
}

/// <summary>k_vicap_work_mode (the value used here).</summary>
internal enum VicapWorkMode
{
    Online = 0,
}

/// <summary>k_vicap_input_type (the value used here).</summary>
internal enum VicapInputType
{
    Sensor = 0,
}

/// <summary>k_vicap_dump_format (the value used here).</summary>
internal enum VicapDumpFormat
{
    Yuv = 0,
}
