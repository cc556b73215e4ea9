using Akka.Actor;
using MediaActors.Sessions;

namespace MediaActors.Tests.Infrastructure;

/// <summary>Hands a session actor encoder output the way <c>SendVideoData</c> does: room reserved in its gate first.</summary>
public static class SessionIngest
{
    /// <summary>Each access unit in one <see cref="MediaSession.IngestVideo"/>, with the K230 sample's constant timestamp 1000.</summary>
    public static void Ingest(this IngestGate gate, IActorRef session, IEnumerable<byte[]> accessUnits, bool afterDrop = false)
    {
        foreach (var accessUnit in accessUnits)
        {
            Assert.True(gate.TryEnter(accessUnit.Length, out _), "the session's ingest gate is full");
            session.Tell(new MediaSession.IngestVideo(accessUnit, 1000, MonotonicClock.NowMicros, afterDrop));
        }
    }
}
