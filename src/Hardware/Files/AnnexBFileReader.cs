using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware.Files;

/// <summary>
/// Plays a raw H.264 or H.265 file (Annex-B, as <c>ffmpeg -f h264</c> / <c>-f hevc</c> or a board's
/// encoder writes it) as an endless stream of whole pictures: at the end of the file it starts
/// again, and every pass starts at the first keyframe whose parameter sets are known.
/// </summary>
/// <remarks>
/// <para>The file is read through a bounded window (<see cref="AnnexBNalUnitStream"/>) and split
/// into pictures by the same access unit assemblers the sessions use, so the file source and the
/// live encoders agree on what a picture is. Those assemblers also put the remembered parameter
/// sets in front of a keyframe that lacks them.</para>
/// <para>The reader does not pace itself: the caller plays the pictures at
/// <see cref="FramesPerSecond"/> (or its own rate when the file does not say). Not thread-safe.</para>
/// </remarks>
public sealed class AnnexBFileReader : IDisposable
{
    /// <summary>
    /// The largest picture accepted. A 4K intra picture at a high bitrate stays well below it; a
    /// larger one means a corrupt file (or one without start codes), not video.
    /// </summary>
    public const int MaxAccessUnitBytes = 4 * 1024 * 1024;

    /// <summary>How far into the file the first usable keyframe must start; beyond it the file is not taken for video.</summary>
    public const int MaxBytesBeforeFirstKeyframe = 8 * 1024 * 1024;

    private readonly VideoCodecFormat _format;
    private readonly FileStream _file;
    private readonly AnnexBNalUnitStream _nalUnits;
    private readonly List<AccessUnit> _emitted = [];
    private readonly PictureCollector _picture = new();
    private readonly Queue<AnnexBAccessUnit> _completed = new();
    private IVideoAccessUnitAssembler _assembler;
    private bool _playing;
    private long? _pendingSince;
    private bool _disposed;

    /// <summary>Opens <paramref name="path"/>, taking the codec from its extension (<see cref="CodecFormat.FromFileExtension"/>).</summary>
    /// <exception cref="ArgumentException">The extension names no video codec.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file holds no usable keyframe near its start.</exception>
    public AnnexBFileReader(string path)
        : this(path, CodecOf(path))
    {
    }

    /// <summary>Opens <paramref name="path"/> as a <paramref name="codec"/> stream, whatever its extension.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="codec"/> is not a video codec.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file holds no usable keyframe near its start.</exception>
    public AnnexBFileReader(string path, Codec codec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _format = CodecFormat.OfVideo(codec);
        Path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(Path))
        {
            throw new FileNotFoundException($"The video file '{Path}' does not exist.", Path);
        }

        // Unbuffered: the window reads in large blocks already.
        _file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        _nalUnits = new AnnexBNalUnitStream(_file, MaxAccessUnitBytes, Path);
        _assembler = _format.CreateAssembler();
        try
        {
            // Read up to the first playable keyframe now, so that a bad file fails here and the
            // stream's size and rate are known before the first picture is asked for.
            while (!_playing)
            {
                ReadNalUnitOrEndPass();
            }
        }
        catch
        {
            _file.Dispose();
            throw;
        }

        Width = _assembler.Width!.Value;
        Height = _assembler.Height!.Value;
        FramesPerSecond = _assembler.FramesPerSecond;
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <summary>The codec the file is read as.</summary>
    public Codec Codec => _format.Codec;

    /// <summary>Displayed width in pixels, from the SPS in force at the first keyframe.</summary>
    public int Width { get; }

    /// <summary>Displayed height in pixels, from the SPS in force at the first keyframe.</summary>
    public int Height { get; }

    /// <summary>The frame rate the SPS at the first keyframe states; null when it states none.</summary>
    public double? FramesPerSecond { get; }

    /// <summary>
    /// The next picture. After the last picture of the file comes the first keyframe again, so
    /// this never runs out.
    /// </summary>
    /// <exception cref="InvalidDataException">The file holds a picture larger than <see cref="MaxAccessUnitBytes"/>, or changed and lost its keyframes.</exception>
    /// <exception cref="IOException">Reading the file failed.</exception>
    public AnnexBAccessUnit ReadNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        AnnexBAccessUnit? picture;
        while (!_completed.TryDequeue(out picture))
        {
            ReadNalUnitOrEndPass();
        }

        return picture;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _disposed = true;
        _file.Dispose();
    }

    private static Codec CodecOf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return CodecFormat.FromFileExtension(path) switch
        {
            VideoCodecFormat video => video.Codec,
            { } audio => throw new ArgumentException(
                $"'{path}' is named as {audio.Name} audio by its extension, but only video files play: use {AcceptedExtensions()}.", nameof(path)),
            null => throw new ArgumentException(
                $"Cannot tell the codec of '{path}' from its extension; use {AcceptedExtensions()}, or name the codec.", nameof(path)),
        };
    }

    /// <summary>".h264, .264 or .avc for H.264; .h265, .265 or .hevc for H.265".</summary>
    private static string AcceptedExtensions() => string.Join("; ", CodecFormat.All.OfType<VideoCodecFormat>()
        .Select(format => $"{string.Join(", ", format.FileExtensions.SkipLast(1))} or {format.FileExtensions[^1]} for {format.Name}"));

    private void ReadNalUnitOrEndPass()
    {
        if (_nalUnits.TryRead(out var nalUnit, out var offset))
        {
            Push(nalUnit, offset);
        }
        else
        {
            EndPass();
        }
    }

    private void Push(byte[] nalUnit, long offset)
    {
        if (!_playing && offset > MaxBytesBeforeFirstKeyframe)
        {
            throw NoKeyframe($"in its first {MaxBytesBeforeFirstKeyframe / (1024 * 1024)} MiB");
        }

        // An access unit starts with the first NAL unit after the previous one was emitted: its
        // delimiter, parameter sets or SEI, else its first slice.
        _pendingSince ??= offset;
        _emitted.Clear();
        _assembler.Push(nalUnit, _emitted);
        foreach (var part in _emitted)
        {
            Accept(part, _pendingSince.Value);
        }

        if (_emitted.Count > 0)
        {
            _pendingSince = null;
        }
    }

    /// <summary>Adds an access unit to the picture it belongs to; a new picture completes the one before.</summary>
    private void Accept(AccessUnit part, long offset)
    {
        if (part.StartsNewPicture)
        {
            CompletePicture();
            _playing |= part.IsKeyframe && _assembler.HasParameterSets && _assembler.Width is not null;
            if (_playing)
            {
                _picture.Start(offset);
            }
        }

        // Until the first playable keyframe of a pass, pictures are skipped.
        if (!_playing)
        {
            return;
        }

        _picture.Add(part);
        if (_picture.Bytes > MaxAccessUnitBytes)
        {
            throw new InvalidDataException(
                $"'{Path}': the access unit at byte {_picture.Offset} is larger than {MaxAccessUnitBytes} bytes; the file is corrupt or not a {_format.Name} stream.");
        }
    }

    private void CompletePicture()
    {
        if (!_picture.IsEmpty)
        {
            _completed.Enqueue(_picture.Finish());
        }
    }

    /// <summary>At the end of the file: the last picture is complete, and the next pass starts from the beginning.</summary>
    private void EndPass()
    {
        CompletePicture();
        if (!_playing)
        {
            throw NoKeyframe(_file.Length == 0 ? "(it is empty)" : "anywhere");
        }

        _nalUnits.Rewind();
        _assembler = _format.CreateAssembler();
        _playing = false;
        _pendingSince = null;
    }

    private InvalidDataException NoKeyframe(string where)
    {
        return new InvalidDataException(
            $"'{Path}' contains no {_format.Name} keyframe with {_format.ParameterSetNames} {where}; is it a raw Annex-B {_format.Name} stream?");
    }
}
