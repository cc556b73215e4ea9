using Akka.Actor;
using MediaActors.Diagnostics;

namespace MediaActors.Tests.Diagnostics;

/// <summary>Kinds are actor names without the numbers that make them unique, so their count stays as small as the code's kinds of actors.</summary>
public sealed class ActorKindTests
{
    [Theory]
    [InlineData("akka://n/user/server/rtsp-sessions/session-12", "session")]
    [InlineData("akka://n/user/server/listener/connection-4711", "connection")]
    [InlineData("akka://n/user/server/listener/connection-4711/$b", "connection/$")]
    [InlineData("akka://n/user/camera", "camera")]
    [InlineData("akka://n/user/pull_3", "pull")]
    [InlineData("akka://n/user/42", "#")]
    [InlineData("akka://n/user/$a", "user/$")]
    [InlineData("akka://n/user/$a/$b", "$")]
    [InlineData("akka://n/user", "user")]
    [InlineData("akka://n/", "root")]
    public void A_path_names_its_kind(string path, string kind) =>
        Assert.Equal(kind, ActorKind.Of(new PathOnly(ActorPath.Parse(path))));

    [Fact]
    public void An_actor_without_a_reference_is_of_unknown_kind() => Assert.Equal("unknown", ActorKind.Of(null));

    private sealed class PathOnly(ActorPath path) : MinimalActorRef
    {
        public override ActorPath Path { get; } = path;

        public override IActorRefProvider Provider => throw new NotSupportedException();
    }
}
