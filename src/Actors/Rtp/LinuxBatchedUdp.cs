using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Rtp;

/// <summary>
/// Sends all packets of a frame to one destination with sendmmsg(2): one system call per 64
/// packets instead of one per packet, which is most of what sending costs at hundreds of clients.
/// Linux only (64-bit: the struct layouts below are LP64's); elsewhere <see cref="IsAvailable"/> is
/// false and the caller sends packet by packet. Allocates nothing: the headers live on the stack.
/// </summary>
internal static unsafe class LinuxBatchedUdp
{
    /// <summary>Messages per call; the kernel takes at most UIO_MAXIOV (1024), and 64 keeps the headers at 5 KiB of stack.</summary>
    private const int MessagesPerCall = 64;

    private const int MsgDontWait = 0x40;

    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>
    /// Sends every packet of <paramref name="packets"/> to <paramref name="destination"/> (a
    /// serialized <see cref="IPEndPoint"/>) without blocking. False when the socket's buffer filled
    /// up (or the send failed) before the last packet: the rest of the frame is lost for this client.
    /// </summary>
    public static bool TrySend(Socket socket, SocketAddress destination, RtpPacketBatch packets)
    {
        var added = false;
        var handle = socket.SafeHandle;
        handle.DangerousAddRef(ref added);
        try
        {
            var fd = (int)handle.DangerousGetHandle();
            var headers = stackalloc MessageHeader[MessagesPerCall];
            var vectors = stackalloc IoVector[MessagesPerCall];
            fixed (byte* address = destination.Buffer.Span)
            fixed (byte* frame = packets.Buffer.Span)
            {
                var offset = 0;
                for (var first = 0; first < packets.Count; first += MessagesPerCall)
                {
                    var count = Math.Min(MessagesPerCall, packets.Count - first);
                    for (var i = 0; i < count; i++)
                    {
                        var length = packets[first + i].Length;
                        vectors[i] = new IoVector { Base = frame + offset, Length = (nuint)length };
                        headers[i] = new MessageHeader
                        {
                            Name = address,
                            NameLength = (uint)destination.Size,
                            Vectors = &vectors[i],
                            VectorCount = 1,
                        };
                        offset += length;
                    }
                    if (sendmmsg(fd, headers, (uint)count, MsgDontWait) != count)
                        return false;
                }
            }
            return true;
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int sendmmsg(int fd, MessageHeader* messages, uint count, int flags);

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct mmsghdr: a struct msghdr (56 bytes on LP64: msg_flags, then 4 bytes of padding) and the bytes the kernel sent of it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
        private readonly int _padding;
        public uint SentLength;
    }
}
