using System.Runtime.InteropServices;

namespace MediaActors.Hardware.K230.Native;

/// <summary>
/// The video buffer (VB) pool and media memory functions of mpp/userapps/api/mpi_vb_api.h and
/// mpi_sys_api.h (kendryte/k230_sdk, src/big/mpp). Only call once
/// <see cref="K230Platform.EnsureBoard"/> has passed.
/// </summary>
internal static unsafe partial class MpiMemory
{
    /// <summary>VB_INVALID_POOLID and VB_INVALID_HANDLE: (-1U).</summary>
    public const uint Invalid = uint.MaxValue;

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vb_set_config")]
    public static partial int SetConfig(in VideoBufferConfig config);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vb_init")]
    public static partial int Init();

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vb_exit")]
    public static partial int Exit();

    /// <summary>A block of at least <paramref name="size"/> bytes; <see cref="Invalid"/> when none is free.</summary>
    /// <param name="poolId"><see cref="Invalid"/> takes the block from a common pool.</param>
    /// <param name="mmzName">Null for the anonymous media memory zone.</param>
    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vb_get_block")]
    public static partial uint GetBlock(uint poolId, ulong size, byte* mmzName);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vb_release_block")]
    public static partial int ReleaseBlock(uint block);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vb_handle_to_phyaddr")]
    public static partial ulong PhysicalAddressOf(uint block);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_vb_handle_to_pool_id")]
    public static partial int PoolIdOf(uint block);

    /// <summary>Maps media memory, uncached, into this process; null on failure.</summary>
    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_sys_mmap")]
    public static partial byte* Map(ulong physicalAddress, uint size);

    [LibraryImport(K230Platform.MediaLibrary, EntryPoint = "kd_mpi_sys_munmap")]
    public static partial int Unmap(byte* virtualAddress, uint size);
}
