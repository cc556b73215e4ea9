namespace MediaActors.Hardware.Tests.Support;

/// <summary>
/// A shell script in a fresh temporary directory, deleted on dispose; stands in for ffmpeg.
/// Unix only, like the boards this server runs on.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class TemporaryExecutable : IDisposable
{
    public TemporaryExecutable(string fileName, string script)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("mediaactors-hardware-tests-").FullName;
        Path = System.IO.Path.Combine(Directory, fileName);
        File.WriteAllText(Path, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Directory { get; }

    public string Path { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
