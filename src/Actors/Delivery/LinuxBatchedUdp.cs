using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Delivery;

/// <summary>
/// Sends all packets of a frame to one destination in as few system calls and kernel passes as
/// Linux allows. A frame is mostly fragments of the same size, so each run of equal-sized packets
/// (and a shorter one ending it) goes as one message with UDP segmentation offload (UDP_SEGMENT,
/// Linux 4.18): the kernel builds one large datagram and cuts it into the original packets at the
/// last moment, instead of running its UDP/IP path once per packet. The messages of a frame go
/// in one sendmmsg(2) call. Where the kernel does not know UDP_SEGMENT (probed once), each packet
/// becomes its own message; where it refuses it for one destination (EIO or EINVAL: a route whose
/// MTU is below the packet size, an IPsec route, a device without checksum offload), the frame goes
/// again packet by packet and the caller keeps that destination off segmentation, while every
/// other client keeps it. Linux only (64-bit: the struct layouts below are LP64's); elsewhere
/// <see cref="IsAvailable"/> is false and the caller sends packet by packet. Allocates nothing:
/// the headers live on the stack.
/// </summary>
internal static unsafe class LinuxBatchedUdp
{
    /// <summary>Messages per call; the kernel takes at most UIO_MAXIOV (1024), and 64 keeps the headers, vectors and controls at about 7 KiB of stack.</summary>
    private const int MessagesPerCall = 64;

    /// <summary>UDP_MAX_SEGMENTS of Linux before 6.x (later kernels take 128).</summary>
    private const int MaxSegmentsPerMessage = 64;

    /// <summary>One message is one IP datagram before segmentation: below 64 KiB with the IPv6 and UDP headers.</summary>
    private const int MaxBytesPerMessage = 65_000;

    private const int MsgDontWait = 0x40;
    private const int SolUdp = 17;
    private const int UdpSegment = 103;
    private const int ErrorIo = 5;
    private const int ErrorInvalid = 22;

    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>True when this kernel knows UDP segmentation offload (a destination may still refuse it).</summary>
    public static bool SupportsSegmentation { get; } = IsAvailable && KnowsSegmentation();

    /// <summary>
    /// Sends every packet of <paramref name="packets"/> to <paramref name="destination"/> (a
    /// serialized <see cref="IPEndPoint"/>) without blocking, in segmented runs while
    /// <paramref name="segment"/> is true; it becomes false when the kernel refuses segmentation
    /// for this destination (the frame then goes packet by packet: nothing is lost to it). False
    /// when the socket's buffer filled up (or the send failed) before the last packet: the rest of
    /// the frame is lost for this client.
    /// </summary>
    public static bool TrySend(Socket socket, SocketAddress destination, RtpPacketBatch packets, ref bool segment)
    {
        var added = false;
        var handle = socket.SafeHandle;
        handle.DangerousAddRef(ref added);
        try
        {
            var fd = (int)handle.DangerousGetHandle();
            var headers = stackalloc MessageHeader[MessagesPerCall];
            var vectors = stackalloc IoVector[MessagesPerCall];
            var controls = stackalloc SegmentControl[MessagesPerCall];
            var firstPackets = stackalloc int[MessagesPerCall];
            fixed (byte* address = destination.Buffer.Span)
            fixed (byte* frame = packets.Buffer.Span)
            {
                var next = 0;
                while (next < packets.Count)
                {
                    var count = 0;
                    for (; count < MessagesPerCall && next < packets.Count; count++)
                    {
                        firstPackets[count] = next;
                        var start = next == 0 ? 0 : packets.EndOf(next - 1);
                        var segmentSize = packets[next].Length;
                        next += segment ? SegmentRunLength(packets, next) : 1;
                        var length = packets.EndOf(next - 1) - start;
                        vectors[count] = new IoVector { Base = frame + start, Length = (nuint)length };
                        headers[count] = new MessageHeader
                        {
                            Name = address,
                            NameLength = (uint)destination.Size,
                            Vectors = &vectors[count],
                            VectorCount = 1,
                        };
                        if (length > segmentSize)
                        {
                            controls[count] = SegmentControl.For(segmentSize);
                            headers[count].Control = &controls[count];
                            headers[count].ControlLength = (nuint)sizeof(SegmentControl);
                        }
                    }

                    var sent = SendAll(fd, headers, count, out var error);
                    if (sent == count)
                    {
                        continue;
                    }

                    if (headers[sent].Control != null && error is ErrorIo or ErrorInvalid)
                    {
                        // The kernel will not segment for this destination: from here on, packet by packet.
                        segment = false;
                        next = firstPackets[sent];
                        continue;
                    }
                    return false;
                }
            }
            return true;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Calls sendmmsg until every message went or one failed; returns how many went, and the failure's errno.</summary>
    private static int SendAll(int fd, MessageHeader* headers, int count, out int error)
    {
        error = 0;
        var sent = 0;
        while (sent < count)
        {
            var result = sendmmsg(fd, headers + sent, (uint)(count - sent), MsgDontWait);
            if (result <= 0)
            {
                error = result < 0 ? Marshal.GetLastPInvokeError() : 0;
                return sent;
            }
            sent += result;
        }
        return sent;
    }

    /// <summary>
    /// Whether this kernel knows UDP_SEGMENT (asking for it fails with ENOPROTOOPT before Linux
    /// 4.18). It must be asked: an older kernel ignores the control message without an error and
    /// sends each run as one large fragmented datagram, which no player could take apart.
    /// </summary>
    private static bool KnowsSegmentation()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            probe.GetRawSocketOption(SolUdp, UdpSegment, stackalloc byte[sizeof(int)]);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// How many packets from <paramref name="first"/> one segmented message can carry: every
    /// packet as long as the first, the last one possibly shorter (the kernel cuts at the first
    /// packet's length), within the kernel's limits on segments and datagram size.
    /// </summary>
    private static int SegmentRunLength(RtpPacketBatch packets, int first)
    {
        var segmentSize = packets[first].Length;
        var bytes = segmentSize;
        var run = 1;
        while (first + run < packets.Count && run < MaxSegmentsPerMessage)
        {
            var length = packets[first + run].Length;
            if (length > segmentSize || bytes + length > MaxBytesPerMessage)
            {
                break;
            }

            bytes += length;
            run++;
            if (length < segmentSize)
            {
                break;
            }
        }
        return run;
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

    /// <summary>
    /// One control message asking for segmentation: struct cmsghdr (cmsg_len, cmsg_level,
    /// cmsg_type) and the 16-bit segment size, padded to CMSG_SPACE(2) = 24 bytes.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 24)]
    private struct SegmentControl
    {
        public nuint Length;
        public int Level;
        public int Type;
        public ushort SegmentSize;

        /// <summary>CMSG_LEN(sizeof(uint16_t)): the 16-byte header and the value.</summary>
        public static SegmentControl For(int segmentSize) =>
            new() { Length = 16 + sizeof(ushort), Level = SolUdp, Type = UdpSegment, SegmentSize = (ushort)segmentSize };
    }
}
