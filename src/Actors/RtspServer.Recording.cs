using Akka.Actor;
using MediaActors.Configuration;
using MediaActors.Recording;

namespace MediaActors;

/// <summary>Recording (<c>mediaactors.recording</c>): started by Init when a directory is configured, stopped by Deinit.</summary>
public sealed partial class RtspServer
{
    private IActorRef? _recordings;

    /// <summary>The recorder of this server's sessions (<see cref="RecordingsActor"/>); null when recording is off.</summary>
    public IActorRef? Recordings => _recordings;

    private void StartRecording(int instance)
    {
        var settings = RecordingSettings.FromConfig(MediaActorsConfig.WithDefaults(System.Settings.Config));
        if (settings.IsOn)
        {
            _recordings = System.ActorOf(RecordingsActor.Props(settings), $"recordings-{instance}");
        }
    }

    private void StopRecording()
    {
        _recordings?.GracefulStop(OperationTimeout).Wait(OperationTimeout);
        _recordings = null;
    }
}
