namespace MediaActors.Protocol.Tests.Samples;

/// <summary>Reads the FFmpeg-made sample files copied next to the test assembly (see README.md beside them).</summary>
internal static class SampleFiles
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", name));
}
