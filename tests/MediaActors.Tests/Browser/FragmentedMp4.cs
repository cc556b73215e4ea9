using System.Buffers.Binary;
using System.Text;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Browser;

/// <summary>
/// A fragmented MP4 cut the way the server sends it over the WebSocket: the init segment
/// (ftyp and moov) and one fragment (moof and its mdat) per frame; <see cref="Mime"/> is the
/// type the server's init message names.
/// </summary>
public sealed record FragmentedMp4(byte[] Init, IReadOnlyList<byte[]> Fragments, string Mime)
{
    /// <summary>
    /// Encodes <paramref name="seconds"/> of ffmpeg's testsrc2 at 25 fps as H.264 Main, a keyframe
    /// every second, no B-frames, one fragment per frame, into <paramref name="directory"/>.
    /// </summary>
    public static async Task<FragmentedMp4> EncodeTestPatternAsync(string directory, int width, int height, int seconds)
    {
        var file = Path.Combine(directory, $"testsrc2-{width}x{height}-{seconds}s.mp4");
        var made = await ExternalTool.RunAsync("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=25", "-t", seconds.ToString(),
            "-c:v", "libx264", "-profile:v", "main", "-bf", "0", "-g", "25",
            "-movflags", "+frag_every_frame+empty_moov+default_base_moof", "-f", "mp4", file,
        ], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        return Split(await File.ReadAllBytesAsync(file));
    }

    /// <summary>Cuts <paramref name="file"/> at its top-level boxes; boxes after the fragments (mfra) are left out.</summary>
    public static FragmentedMp4 Split(byte[] file)
    {
        var boxes = TopLevelBoxes(file);
        var firstFragment = boxes.FindIndex(box => box.Type == "moof");
        Assert.True(firstFragment > 0, "no moof after the init segment: " + string.Join(' ', boxes.Select(box => box.Type)));
        var initLength = boxes[firstFragment].Offset;
        var fragments = new List<byte[]>();
        for (var i = firstFragment; i + 1 < boxes.Count && boxes[i].Type == "moof" && boxes[i + 1].Type == "mdat"; i += 2)
        {
            fragments.Add(file[boxes[i].Offset..(boxes[i + 1].Offset + boxes[i + 1].Length)]);
        }
        var init = file[..initLength];
        return new FragmentedMp4(init, fragments, $"video/mp4; codecs=\"{AvcCodec(init)}\"");
    }

    private static List<(string Type, int Offset, int Length)> TopLevelBoxes(byte[] file)
    {
        var boxes = new List<(string, int, int)>();
        for (var offset = 0; offset + 8 <= file.Length;)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset));
            if (length == 1)
            {
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan(offset + 8));
            }
            else if (length == 0)
            {
                length = file.Length - offset;
            }
            Assert.True(length >= 8 && offset + length <= file.Length, $"a box at {offset} claims {length} bytes of {file.Length}");
            boxes.Add((Encoding.ASCII.GetString(file, offset + 4, 4), offset, (int)length));
            offset += (int)length;
        }
        return boxes;
    }

    /// <summary>The RFC 6381 name of the H.264 stream: avc1. and the profile, compatibility and level bytes of its avcC box.</summary>
    private static string AvcCodec(byte[] init)
    {
        var avcC = init.AsSpan().IndexOf("avcC"u8);
        Assert.True(avcC > 0, "the init segment has no avcC box");
        // After the type: configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication.
        return "avc1." + Convert.ToHexStringLower(init, avcC + 5, 3);
    }
}
