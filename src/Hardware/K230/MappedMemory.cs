using MediaActors.Hardware.K230.Native;

namespace MediaActors.Hardware.K230;

/// <summary>
/// Media memory (a VB block, a captured frame's plane, an encoded pack) mapped into this process
/// until disposed. The MPP hands out physical addresses only; every CPU access goes through this.
/// </summary>
internal readonly unsafe ref struct MappedMemory
{
    private readonly byte* _address;
    private readonly int _size;

    private MappedMemory(byte* address, int size)
    {
        _address = address;
        _size = size;
    }

    /// <summary>The mapped bytes.</summary>
    public Span<byte> Span => new(_address, _size);

    /// <summary>Maps <paramref name="size"/> bytes at <paramref name="physicalAddress"/>, uncached.</summary>
    /// <exception cref="IOException">The MPP could not map it.</exception>
    public static MappedMemory Map(ulong physicalAddress, int size)
    {
        var address = MpiMemory.Map(physicalAddress, (uint)size);
        return address is not null
            ? new MappedMemory(address, size)
            : throw new IOException($"kd_mpi_sys_mmap could not map {size} bytes of media memory at 0x{physicalAddress:X}.");
    }

    /// <summary>Unmaps the memory.</summary>
    public void Dispose() => MppResult.Check(MpiMemory.Unmap(_address, (uint)_size), "kd_mpi_sys_munmap");
}
