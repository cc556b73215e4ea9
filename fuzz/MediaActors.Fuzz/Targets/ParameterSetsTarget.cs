using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// The Annex-B video a publisher or a pulled camera hands a session, as <c>VideoTrack.Push</c>
/// takes it: the codec's access unit assembler splits NAL units and parses each SPS (BitReader,
/// VUI, cropping; H.265's VPS and profile/tier/level too) for the picture size and frame rate;
/// then the session writes its SDP fmtp from the parameter sets, and the web readers' fMP4
/// sample entry (avcC/hvcC). A sample entry that cannot be made is an ArgumentException, which
/// the muxing readers catch (they end with a message); nothing else is caught.
/// </summary>
public sealed class ParameterSetsTarget(string name, Codec codec) : IFuzzTarget
{
    public string Name => name;

    public void Run(ReadOnlySpan<byte> input)
    {
        var format = CodecFormat.OfVideo(codec);
        var assembler = format.CreateAssembler();
        var accessUnits = new List<AccessUnit>();
        assembler.Push(input.ToArray(), accessUnits);
        _ = (assembler.Width, assembler.Height, assembler.FramesPerSecond);
        foreach (var accessUnit in accessUnits)
        {
            _ = (accessUnit.IsKeyframe, accessUnit.StartsNewPicture);
        }

        if (!assembler.HasParameterSets)
        {
            return;
        }

        format.FormatParameters(assembler.ParameterSets);
        try
        {
            format.Mp4SampleEntry(assembler.ParameterSets);
        }
        catch (ArgumentException)
        {
            // LiveMp4Actor and HlsActor end the reader with the message.
        }
    }
}
