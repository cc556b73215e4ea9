using System.Runtime.InteropServices;

namespace MediaActors.Hardware.K230.Native;

/// <summary>
/// The VENC functions of mpp/userapps/api/mpi_venc_api.h (kendryte/k230_sdk, src/big/mpp). Every
/// function returns 0 on success, else a K_ERR_VENC_* code. Only call once
/// <see cref="K230Platform.EnsureBoard"/> has passed.
/// </summary>
internal static unsafe partial class MpiVenc
{
    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_venc_create_chn")]
    public static partial int CreateChannel(uint channel, in VencChannelAttributes attributes);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_venc_start_chn")]
    public static partial int StartChannel(uint channel);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_venc_stop_chn")]
    public static partial int StopChannel(uint channel);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_venc_destroy_chn")]
    public static partial int DestroyChannel(uint channel);

    /// <param name="milliseconds">-1 blocks, 0 returns at once, more waits that long.</param>
    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_venc_send_frame")]
    public static partial int SendFrame(uint channel, in VideoFrameInfo frame, int milliseconds);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_venc_query_status")]
    public static partial int QueryStatus(uint channel, out VencChannelStatus status);

    /// <param name="stream">Its Packs must point at room for PackCount packs.</param>
    /// <param name="milliseconds">-1 blocks, 0 returns at once, more waits that long.</param>
    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_venc_get_stream")]
    public static partial int GetStream(uint channel, ref VencStream stream, int milliseconds);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_venc_release_stream")]
    public static partial int ReleaseStream(uint channel, ref VencStream stream);
}
