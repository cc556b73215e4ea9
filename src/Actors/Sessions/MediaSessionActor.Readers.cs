using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;
using MediaActors.Protocol.Formats;

namespace MediaActors.Sessions;

/// <summary>
/// Who joins and leaves the session's one fan-out: clients' RTP senders subscribe to a track
/// (and may start from the GOP cache), relays' links attach with the frame flow, and either
/// leaves by detaching or stopping.
/// </summary>
public sealed partial class MediaSessionActor
{
    private void Subscribe(MediaSession.Subscribe request)
    {
        var track = TrackOf(request.TrackId);
        if (track is null)
        {
            Sender.Tell(new Status.Failure(new ArgumentException($"session '{_name}' has no track {request.TrackId}")));
            return;
        }

        if (_readers.TryGet(request.Reader, out _))
        {
            return;
        }

        KeepPulling();
        // Answered with the client's first frame (see Start); a track that has never carried media
        // (audio nobody sends yet) is answered at once, with where its first packet will start.
        var client = new TrackReader(request.Reader, FrameGate.WithCredit(_settings.ClientFramesInFlight), request.TrackId, request.Reports, Sender)
        {
            Answered = !track.HasStarted,
        };
        _readers.Add(client);
        Context.Watch(request.Reader);
        if (client.Answered)
        {
            Sender.Tell(new MediaSession.Subscribed(track.TrackId, track.FirstSequenceNumber, track.FirstRtpTimestamp, FirstReport: null));
        }
        else if (track is VideoTrack && _gopCache is { FrameCount: > 0 } && _gopCache.Bytes <= request.CatchUpLimitBytes)
        {
            StartFromGopCache(client);
        }
        else if (track is AudioTrack audio && _gopCache is { FrameCount: > 0 } && request.CatchUpLimitBytes > 0)
        {
            // Its pictures start with the GOP cache, whose newest picture keeps its time: the sound starts there too.
            foreach (var chunk in audio.Recent.From(_video.LastPresentationMicros))
            {
                Offer(client, new MediaSession.FrameAvailable(AudioTrack.Id, chunk));
            }
        }
    }

    /// <summary>Instant start: the client gets the current GOP now, then the live frames.</summary>
    private void StartFromGopCache(TrackReader client)
    {
        _instantStarts++;
        foreach (var frame in _gopCache!.CatchUpFrames())
        {
            Offer(client, new MediaSession.FrameAvailable(VideoTrack.Id, frame));
        }
    }

    /// <summary>A relay's session takes this one's access units from now on, under the credit it granted.</summary>
    private void AttachLink(FrameFlow.Attach attach)
    {
        if (!_readers.Attach(Sender, attach.Credit, static (link, gate) => new FrameLink(link, gate)))
        {
            return;
        }

        _links++;
        Context.Watch(Sender);
        _log.Info("Session {0}: relay {1} pulls from it (credit {2})", _name, Sender.Path, attach.Credit);
        // A relayed session that feeds an edge relay pulls from its own board for it.
        KeepPulling();
    }

    /// <summary>
    /// A muxer or recorder on this node takes the session's frames: it is told their format now
    /// (or once the session can be described) and starts with the current GOP.
    /// </summary>
    private void ReadFrames(MediaSession.ReadFrames request)
    {
        if (!_readers.Attach(Sender, request.Credit, static (reader, gate) => new FrameReader(reader, gate)))
        {
            return;
        }

        _frameReaders++;
        Context.Watch(Sender);
        KeepPulling();
        TellFrameFormats();
    }

    /// <summary>
    /// Tells each frame reader not yet told the format, once the session can be described, and
    /// hands it the GOP cache: the cached frames with their own presentation times, through its gate.
    /// A reader told a format without the AAC configuration (the pictures came before the first
    /// sound) is told again once it is known, with the GOP again: its muxer starts over with both
    /// tracks rather than leave the sound out for good.
    /// </summary>
    private void TellFrameFormats()
    {
        if (_frameReaders == 0 || !_video.IsDescribable)
        {
            return;
        }

        var audioConfigKnown = _audio?.AacConfig is not null || _audio?.Codec != Codec.Aac;
        MediaSession.FrameFormat? format = null;
        foreach (var reader in _readers)
        {
            if (reader is not FrameReader frameReader || (frameReader.ToldFormat && (frameReader.ToldAudioConfig || !audioConfigKnown)))
            {
                continue;
            }

            format ??= new MediaSession.FrameFormat(_name, _video.Codec, _video.ParameterSets, _audio?.Codec, _audio?.AacConfig);
            frameReader.ToldFormat = true;
            frameReader.ToldAudioConfig = audioConfigKnown;
            frameReader.Actor.Tell(format, Self);
            if (_gopCache is { FrameCount: > 0 })
            {
                _instantStarts++;
                foreach (var cached in _video.CachedFrames(_gopCache))
                {
                    if (frameReader.Gate.TryPass(cached.IsKeyframe))
                    {
                        _bytesToReaders += cached.Data.Length;
                        frameReader.Actor.Tell(cached, Self);
                    }
                }
            }
        }
    }

    /// <summary>A reader detached or stopped: it gets nothing more.</summary>
    private void RemoveReader(IActorRef actor)
    {
        var removed = _readers.Remove(actor);
        _droppedByDepartedReaders += removed?.Gate.Dropped ?? 0;
        switch (removed)
        {
            case FrameLink link:
                _links--;
                _sentToDepartedLinks += link.Gate.Sent;
                _missedByDepartedLinks += link.Gate.Dropped;
                Context.Unwatch(actor);
                _log.Info("Session {0}: relay {1} stopped pulling: {2} frames sent, {3} missed for lack of credit",
                    _name, actor.Path, link.Gate.Sent, link.Gate.Dropped);
                LingerWhenUnwanted();
                break;
            case TrackReader client:
                Context.Unwatch(actor);
                _skippedByDepartedClients += client.Gate.Dropped;
                LingerWhenUnwanted();
                break;
            case FrameReader:
                _frameReaders--;
                Context.Unwatch(actor);
                LingerWhenUnwanted();
                break;
        }
    }

}
