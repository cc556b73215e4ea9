using System.ComponentModel;
using System.Diagnostics;
using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware.Ffmpeg;

/// <summary>
/// Decodes one keyframe (with its parameter sets, Annex-B) to a JPEG picture with an ffmpeg child
/// process: what a snapshot URL serves. The process is bounded in time and killed past it.
/// </summary>
public static class JpegDecoder
{
    /// <exception cref="InvalidOperationException">ffmpeg could not be run, failed, or gave no picture in time; the message says which.</exception>
    /// <exception cref="FileNotFoundException">There is no ffmpeg (PATH, or MEDIAACTORS_FFMPEG).</exception>
    public static async Task<byte[]> DecodeAsync(Codec codec, ReadOnlyMemory<byte> annexB, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var demuxer = codec switch
        {
            Codec.H264 => "h264",
            Codec.H265 => "hevc",
            _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Only H.264 and H.265 pictures can be decoded."),
        };
        var executable = FfmpegLocator.Resolve(null, Environment.GetEnvironmentVariable, FfmpegLocator.EnvironmentVariable);
        using var process = new Process
        {
            StartInfo = FfmpegProcess.StartInfo(executable,
                ["-hide_banner", "-loglevel", "error", "-f", demuxer, "-i", "pipe:0", "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "3", "-f", "image2pipe", "pipe:1"]),
        };
        try
        {
            process.Start();
        }
        catch (Win32Exception error)
        {
            throw new InvalidOperationException($"Could not run '{executable}': {error.Message}.", error);
        }

        ChildProcessReaper.Track(process);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            var error = process.StandardError.ReadToEndAsync(deadline.Token);
            using var picture = new MemoryStream();
            var output = process.StandardOutput.BaseStream.CopyToAsync(picture, deadline.Token);
            await process.StandardInput.BaseStream.WriteAsync(annexB, deadline.Token);
            process.StandardInput.Close();
            await output;
            await process.WaitForExitAsync(deadline.Token);
            if (process.ExitCode != 0 || picture.Length == 0)
            {
                var reason = (await error).Trim();
                throw new InvalidOperationException($"ffmpeg could not decode the keyframe: {(reason.Length > 0 ? reason : $"exit code {process.ExitCode}")}");
            }

            return picture.ToArray();
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new InvalidOperationException($"ffmpeg gave no picture within {timeout.TotalSeconds:0.#} s.");
        }
        catch (IOException error)
        {
            throw new InvalidOperationException($"ffmpeg could not decode the keyframe: {error.Message}", error);
        }
        finally
        {
            if (!process.HasExited)
            {
                ChildProcessReaper.KillTree(process);
            }

            ChildProcessReaper.Forget(process);
        }
    }
}
