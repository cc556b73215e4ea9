using System.Globalization;
using MediaActors.Hardware.Ffmpeg;
using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware.FfmpegInput;

/// <summary>
/// Decides how an ffmpeg input becomes a camera: probes it with ffprobe (a bad input fails here, at
/// start, with ffprobe's reason), passes its video through when it already is the session's codec,
/// and otherwise picks the encoder.
/// </summary>
public static class FfmpegInputPlanner
{
    /// <summary>The encoder setting that tries the hardware encoders ffmpeg lists, then the software one.</summary>
    public const string AutoEncoder = "auto";

    private static readonly TimeSpan TrialTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The hardware encoders <see cref="AutoEncoder"/> tries, in order: NVIDIA, VA-API (Intel, AMD),
    /// V4L2 memory-to-memory (Raspberry Pi and other boards). Quick Sync and OpenMAX are left out:
    /// they need device setup beyond a fixed command line.
    /// </summary>
    internal static IReadOnlyList<string> HardwareEncoders(Codec codec) => codec == Codec.H265
        ? ["hevc_nvenc", "hevc_vaapi", "hevc_v4l2m2m"]
        : ["h264_nvenc", "h264_vaapi", "h264_v4l2m2m"];

    /// <summary>The software encoder of <paramref name="codec"/>, always there in a usable ffmpeg build.</summary>
    internal static string SoftwareEncoder(Codec codec) => codec == Codec.H265 ? "libx265" : "libx264";

    /// <summary>Plans the input given as ffmpeg arguments.</summary>
    /// <param name="input">The input as the user wrote it, for messages.</param>
    /// <param name="arguments">ffmpeg's input options ending in <c>-i INPUT</c>, and possibly output options after it.</param>
    /// <param name="settings">The session's codec and the camera's bitrate and GOP, for encoding.</param>
    /// <param name="encoder"><see cref="AutoEncoder"/> or an ffmpeg encoder's name.</param>
    /// <exception cref="ArgumentException">The arguments name no input, or the encoder does not fit the codec.</exception>
    /// <exception cref="InvalidDataException">ffprobe cannot open the input, or it holds no video.</exception>
    /// <exception cref="FileNotFoundException">ffmpeg or ffprobe is missing.</exception>
    public static FfmpegInputPlan Plan(string input, IReadOnlyList<string> arguments, EncoderSettings settings, string encoder, TimeSpan probeTimeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ffmpeg = FfmpegLocator.Resolve(settings.FfmpegPath, Environment.GetEnvironmentVariable);
        var (inputArguments, outputOptions) = FfmpegInputCommandLine.SplitAtInput(arguments);
        var probed = Probe(ProbeExecutable(ffmpeg), input, inputArguments, probeTimeout);
        var codec = settings.Codec;
        var format = CodecFormat.Of(codec).Name;
        if (probed.CodecName == ProbeName(codec) && outputOptions.Count == 0)
        {
            return new FfmpegInputPlan(input, codec, ffmpeg, FfmpegInputCommandLine.Passthrough(inputArguments, codec), Encoder: null,
                $"the input is already {format} ({probed}): passed through without re-encoding (-c:v copy)");
        }

        var why = outputOptions.Count > 0 && probed.CodecName == ProbeName(codec)
            ? $"the input is {format} ({probed}) but output options follow -i"
            : $"the input is {probed}, the session is {format}";
        var (chosen, reason) = ChooseEncoder(codec, encoder, () => ListedEncoders(ffmpeg), name => Trial(ffmpeg, name, settings));
        var encoding = FfmpegInputCommandLine.EncoderArguments(chosen, settings);
        return new FfmpegInputPlan(input, codec, ffmpeg, FfmpegInputCommandLine.Encode(inputArguments, outputOptions, encoding), chosen,
            $"{why}: encoding with {chosen} ({reason})");
    }

    /// <summary>
    /// The ffmpeg input of a V4L2 device: <c>-f v4l2 [-input_format h264|hevc] -i DEVICE</c>, asking the
    /// camera for the session's codec when it offers it (then it is passed through), else its default format.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such device.</exception>
    public static IReadOnlyList<string> V4l2Arguments(string device, Codec codec, string? ffmpegPath, TimeSpan timeout)
    {
        if (!File.Exists(device))
        {
            var devices = Directory.Exists("/dev") ? Directory.GetFiles("/dev", "video*").Order(StringComparer.Ordinal).ToList() : [];
            throw new FileNotFoundException(
                $"v4l2:{device}: there is no such device ({(devices.Count == 0 ? "this machine has no /dev/video* at all" : "there are " + string.Join(", ", devices))}).",
                device);
        }

        var ffmpeg = FfmpegLocator.Resolve(ffmpegPath, Environment.GetEnvironmentVariable);
        // ffmpeg lists the formats on stderr and then exits with an error: there is nothing to read.
        var listing = ToolRun.Run(ffmpeg, ["-hide_banner", "-nostdin", "-f", "v4l2", "-list_formats", "all", "-i", device], timeout);
        return V4l2Input(device, codec, V4l2CompressedFormats(listing.StandardError));
    }

    /// <summary>The V4L2 input options, with <c>-input_format</c> set when <paramref name="compressed"/> offers the session's codec.</summary>
    internal static IReadOnlyList<string> V4l2Input(string device, Codec codec, IReadOnlySet<string> compressed) =>
        compressed.Contains(ProbeName(codec))
            ? ["-f", "v4l2", "-input_format", ProbeName(codec), "-i", device]
            : ["-f", "v4l2", "-i", device];

    /// <summary>
    /// The compressed formats in <c>ffmpeg -f v4l2 -list_formats all</c>'s listing, by ffmpeg's names
    /// ("[video4linux2,v4l2 @ 0x..] Compressed:        h264 :  H.264 : 1920x1080 ..." gives h264).
    /// </summary>
    internal static IReadOnlySet<string> V4l2CompressedFormats(string listing)
    {
        const string Marker = "Compressed:";
        var formats = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in listing.Split('\n'))
        {
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0 && line[(at + Marker.Length)..].Split(':', 2)[0].Trim() is { Length: > 0 } name)
            {
                formats.Add(name);
            }
        }

        return formats;
    }

    /// <summary>
    /// The encoder for <paramref name="codec"/>: the configured one; with <see cref="AutoEncoder"/> the
    /// first hardware encoder that ffmpeg lists and that encodes a trial frame, else the software one.
    /// </summary>
    /// <returns>The encoder's name and why it was chosen, for the log.</returns>
    /// <exception cref="ArgumentException">A configured hardware encoder does not work, or does not make <paramref name="codec"/>.</exception>
    internal static (string Encoder, string Reason) ChooseEncoder(
        Codec codec, string configured, Func<IReadOnlySet<string>> listedEncoders, Func<string, ToolRun> trial)
    {
        var software = SoftwareEncoder(codec);
        if (!configured.Equals(AutoEncoder, StringComparison.OrdinalIgnoreCase))
        {
            if (FfmpegInputCommandLine.CodecOfEncoder(configured) != codec)
            {
                throw new ArgumentException(
                    $"mediaactors.ffmpeg-input.encoder = {configured} does not make {CodecFormat.Of(codec).Name}, the session's codec; use auto, {software} or a {CodecFormat.Of(codec).Name} hardware encoder.");
            }

            if (configured == software)
            {
                return (configured, "configured");
            }

            var result = trial(configured);
            return result.Succeeded
                ? (configured, "configured; a 1-frame trial encode succeeded")
                : throw new ArgumentException($"mediaactors.ffmpeg-input.encoder = {configured} does not work here: a 1-frame trial encode failed: {result.FirstErrorLine}");
        }

        var listed = listedEncoders();
        var candidates = HardwareEncoders(codec);
        var failures = new List<string>();
        foreach (var candidate in candidates.Where(listed.Contains))
        {
            var result = trial(candidate);
            if (result.Succeeded)
            {
                return (candidate, $"auto: ffmpeg lists {candidate} and a 1-frame trial encode succeeded");
            }

            failures.Add($"{candidate}: {result.FirstErrorLine}");
        }

        return failures.Count == 0
            ? (software, $"auto: ffmpeg lists none of the hardware encoders {string.Join(", ", candidates)}")
            : (software, $"auto: no hardware encoder works here, a 1-frame trial encode failed for {string.Join("; ", failures)}");
    }

    /// <summary>The encoder names in <c>ffmpeg -encoders</c>' listing (" V....D libx264   libx264 H.264 ..." gives libx264).</summary>
    internal static IReadOnlySet<string> EncoderNames(string listing)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pastHeader = false;
        foreach (var line in listing.Split('\n'))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2 && pastHeader)
            {
                names.Add(words[1]);
            }

            // The legend ends with a line of dashes.
            pastHeader |= words is [var dashes] && dashes.All(c => c == '-');
        }

        return names;
    }

    private static IReadOnlySet<string> ListedEncoders(string ffmpeg) =>
        EncoderNames(ToolRun.Run(ffmpeg, ["-hide_banner", "-encoders"], TrialTimeout).StandardOutput);

    /// <summary>Encodes one frame of a test pattern with <paramref name="encoder"/>, exactly as the input will be, to nowhere.</summary>
    private static ToolRun Trial(string ffmpeg, string encoder, EncoderSettings settings) =>
        ToolRun.Run(ffmpeg,
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-frames:v", "1",
            .. FfmpegInputCommandLine.EncoderArguments(encoder, settings).Arguments, "-f", "null", "-",
        ], TrialTimeout);

    private static Probed Probe(string ffprobe, string input, IReadOnlyList<string> inputArguments, TimeSpan timeout)
    {
        var run = ToolRun.Run(ffprobe, FfmpegInputCommandLine.Probe(inputArguments), timeout);
        if (run.ExitCode is null)
        {
            throw new InvalidDataException($"ffmpeg input '{input}' cannot be opened: ffprobe got no answer from it within {timeout.TotalSeconds:0} s.");
        }

        if (!run.Succeeded)
        {
            throw new InvalidDataException($"ffmpeg input '{input}' cannot be opened: {run.LastErrorLine}");
        }

        var fields = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault()?.Split(',');
        if (fields is null || fields[0].Length == 0)
        {
            throw new InvalidDataException($"ffmpeg input '{input}' holds no video stream.");
        }

        return new Probed(fields[0], fields.Length > 2 ? $"{fields[1]}x{fields[2]}" : null);
    }

    /// <summary>ffprobe next to the ffmpeg in use (both ship in the same package).</summary>
    private static string ProbeExecutable(string ffmpeg)
    {
        var name = OperatingSystem.IsWindows() ? "ffprobe.exe" : "ffprobe";
        var path = Path.Combine(Path.GetDirectoryName(ffmpeg) ?? ".", name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"ffprobe was not found next to ffmpeg ({path}); it is part of the ffmpeg package.", path);
    }

    /// <summary>ffprobe's (and v4l2's) name for the codec.</summary>
    private static string ProbeName(Codec codec) => codec == Codec.H265 ? "hevc" : "h264";

    private sealed record Probed(string CodecName, string? Size)
    {
        public override string ToString() => Size is null ? CodecName : string.Create(CultureInfo.InvariantCulture, $"{CodecName} {Size}");
    }
}
