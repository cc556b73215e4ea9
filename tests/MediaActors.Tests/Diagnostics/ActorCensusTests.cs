using Akka.Actor;
using Akka.TestKit.Xunit;
using MediaActors.Configuration;
using MediaActors.Diagnostics;

namespace MediaActors.Tests.Diagnostics;

/// <summary>
/// The census of an actor system started with the shipped settings (its default mailbox is the
/// counted one): actors are counted by kind from their start to their stop, and a mailbox that
/// fills up shows as deep.
/// </summary>
public sealed class ActorCensusTests() : TestKit(MediaActorsConfig.Default, "census")
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 30_000)]
    public async Task Actors_are_counted_by_kind_while_they_live()
    {
        var census = ActorCensus.Get(Sys);
        var workers = Enumerable.Range(1, 5).Select(i => Sys.ActorOf(Props.Create(() => new Echo()), $"worker-{i}")).ToList();
        foreach (var worker in workers)
        {
            Assert.Equal("ok", await worker.Ask<string>("ok", Timeout));
        }

        Assert.Equal(5, Alive(census, "worker"));

        foreach (var worker in workers.Take(3))
        {
            await worker.GracefulStop(Timeout);
        }

        Assert.Equal(2, Alive(census, "worker"));

        foreach (var worker in workers.Skip(3))
        {
            await worker.GracefulStop(Timeout);
        }

        await AwaitAssertAsync(() => Assert.DoesNotContain(census.Count(), kind => kind.Kind == "worker"), Timeout);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_mailbox_an_actor_cannot_empty_shows_as_deep()
    {
        var census = ActorCensus.Get(Sys);
        using var blocked = new ManualResetEventSlim();
        var stuck = Sys.ActorOf(Props.Create(() => new Blocking(blocked)), "stuck");
        stuck.Tell("block");
        for (var i = 0; i < 100; i++)
        {
            stuck.Tell(i);
        }

        await AwaitAssertAsync(() =>
        {
            var kind = Assert.Single(census.Count(), kind => kind.Kind == "stuck");
            Assert.Equal(1, kind.Alive);
            Assert.Equal(100, kind.MailboxMessages);
            Assert.Equal(100, kind.DeepestMailbox);
        }, Timeout);

        blocked.Set();
        await AwaitAssertAsync(() => Assert.Equal(0, Assert.Single(census.Count(), kind => kind.Kind == "stuck").DeepestMailbox), Timeout);
    }

    private static int Alive(ActorCensus census, string kind) => census.Count().SingleOrDefault(k => k.Kind == kind)?.Alive ?? 0;

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }

    private sealed class Blocking : ReceiveActor
    {
        public Blocking(ManualResetEventSlim release)
        {
            Receive<string>(_ => release.Wait(TimeSpan.FromSeconds(20)));
            Receive<int>(_ => { });
        }
    }
}
