using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MediaActors.Hardware.K230.Native;

// Mirrors k_vb_pool_config and k_vb_config of mpp/include/comm/k_vb_comm.h (kendryte/k230_sdk,
// src/big/mpp, commits 12455f6 and 71e1511) for riscv64 LP64. The layout is unverified on hardware.

/// <summary>k_vb_pool_config: one pool of equally sized media memory blocks.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct VideoBufferPoolConfig
{
    public ulong BlockSize;
    public uint BlockCount;
    public VideoBufferRemapMode Mode;
    public fixed byte MmzName[16];
}

/// <summary>k_vb_config: the common pools, set once per process before kd_mpi_vb_init.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VideoBufferConfig
{
    public uint MaxPoolCount;
    public CommonPools Pools;

    /// <summary>comm_pool[VB_MAX_COMM_POOLS].</summary>
    [InlineArray(16)]
    public struct CommonPools
    {
        private VideoBufferPoolConfig _first;
    }
}

/// <summary>k_vb_remap_mode: how the kernel maps a pool.</summary>
internal enum VideoBufferRemapMode
{
    NoCache = 1,
}
