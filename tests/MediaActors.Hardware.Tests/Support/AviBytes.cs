using System.Buffers.Binary;
using System.Text;

namespace MediaActors.Hardware.Tests.Support;

/// <summary>Builds RIFF/AVI byte sequences by hand, so reader tests can craft exactly the layout they need.</summary>
internal static class AviBytes
{
    public static byte[] File(params byte[][] children) => Riff("AVI ", children);

    /// <summary>A RIFF block; OpenDML files follow the first 'AVI ' block with 'AVIX' ones.</summary>
    public static byte[] Riff(string formType, params byte[][] children) => Container("RIFF", formType, children);

    public static byte[] List(string listType, params byte[][] children) => Container("LIST", listType, children);

    /// <summary>A chunk with its RIFF pad byte when the payload length is odd.</summary>
    public static byte[] Chunk(string id, byte[] payload)
    {
        byte[] pad = payload.Length % 2 == 0 ? [] : [0];
        return [.. Header(id, (uint)payload.Length), .. payload, .. pad];
    }

    public static byte[] Header(string id, uint size)
    {
        var header = new byte[8];
        Encoding.ASCII.GetBytes(id, header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), size);
        return header;
    }

    private static byte[] Container(string id, string type, byte[][] children)
    {
        byte[] body = [.. Encoding.ASCII.GetBytes(type), .. children.SelectMany(child => child)];
        return [.. Header(id, (uint)body.Length), .. body];
    }
}
