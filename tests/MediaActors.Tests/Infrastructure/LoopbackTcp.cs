using System.Net;
using System.Net.Sockets;

namespace MediaActors.Tests.Infrastructure;

/// <summary>A connected pair of TCP sockets on loopback, with small buffers so that a test fills them quickly.</summary>
public static class LoopbackTcp
{
    /// <summary>Connects a client to a one-off listener; the server end sends through <paramref name="bufferBytes"/>, the client receives through as much.</summary>
    public static async Task<(Socket Server, Socket Client)> ConnectAsync(int bufferBytes)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = bufferBytes };
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await listener.AcceptAsync();
        server.SendBufferSize = bufferBytes;
        return (server, client);
    }
}
