using System.Runtime.InteropServices;

namespace MediaActors.Hardware.K230.Native;

/// <summary>
/// The VICAP functions of mpp/userapps/api/mpi_vicap_api.h (kendryte/k230_sdk, src/big/mpp). Every
/// function returns 0 on success, else a K_ERR_VICAP_* code. The attribute setters take their
/// structs by value, as the header declares them. Only call once
/// <see cref="K230Platform.EnsureBoard"/> has passed.
/// </summary>
internal static partial class MpiVicap
{
    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vicap_get_sensor_info")]
    public static partial int GetSensorInfo(int sensorType, out VicapSensorInfo sensorInfo);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vicap_set_dev_attr")]
    public static partial int SetDeviceAttributes(int device, VicapDeviceAttributes attributes);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vicap_set_chn_attr")]
    public static partial int SetChannelAttributes(int device, int channel, VicapChannelAttributes attributes);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vicap_init")]
    public static partial int Init(int device);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vicap_deinit")]
    public static partial int Deinit(int device);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vicap_start_stream")]
    public static partial int StartStream(int device);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vicap_stop_stream")]
    public static partial int StopStream(int device);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vicap_dump_frame")]
    public static partial int DumpFrame(int device, int channel, VicapDumpFormat format, out VideoFrameInfo frame, uint milliseconds);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vicap_dump_release")]
    public static partial int DumpRelease(int device, int channel, in VideoFrameInfo frame);
}
