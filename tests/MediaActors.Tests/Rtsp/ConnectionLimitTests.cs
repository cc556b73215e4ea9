using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using MediaActors.Configuration;
using MediaActors.Connections;
using MediaActors.Testing;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>max-connections from the open-file limit, and max-connections-per-ip against one client taking them all.</summary>
public sealed class ConnectionLimitTests
{
    private static readonly IPAddress Greedy = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Other = IPAddress.Parse("127.0.0.3");

    [Theory]
    [InlineData(1024, 768)]
    [InlineData(4096, 3687)]
    [InlineData(20000, 18000)]
    [InlineData(1048576, 943719)]
    [InlineData(100, 64)]
    public void Auto_leaves_a_tenth_of_the_open_file_limit_and_at_least_256_files_for_the_rest(long limit, int connections) =>
        Assert.Equal(connections, FileDescriptorLimit.ConnectionsFor(limit));

    [Fact]
    public void The_shipped_max_connections_is_what_this_processs_open_file_limit_leaves_room_for()
    {
        Assert.Equal(FileDescriptorLimit.ConnectionsFor(FileDescriptorLimit.Current), RtspServerSettings.Default.MaxConnections);
        Assert.Equal(0, RtspServerSettings.Default.MaxConnectionsPerAddress);
    }

    [Theory]
    [InlineData("max-connections = 50", 50)]
    [InlineData("max-connections = AUTO", -1)]
    public void Max_connections_is_a_number_or_auto(string line, int expected)
    {
        var settings = RtspServerSettings.FromConfig(ConfigurationFactory.ParseString("mediaactors.rtsp." + line));
        Assert.Equal(expected < 0 ? FileDescriptorLimit.ConnectionsFor(FileDescriptorLimit.Current) : expected, settings.MaxConnections);
    }

    [Theory]
    [InlineData("max-connections = lots", "max-connections 'lots' is neither a number nor auto")]
    [InlineData("max-connections = 0", "max-connections must be at least 1")]
    [InlineData("max-connections-per-ip = -1", "max-connections-per-ip must be 0 (no limit) or more")]
    public void A_bad_limit_is_refused_naming_its_key(string line, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => RtspServerSettings.FromConfig(ConfigurationFactory.ParseString("mediaactors.rtsp." + line)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_per_address_treat_an_ipv4_mapped_address_as_the_ipv4_one_and_free_a_slot_when_a_connection_ends()
    {
        var limits = new ConnectionLimits(maxConnections: 10, maxPerAddress: 2);
        var first = new FakeRef("first");
        limits.Add(first, Greedy);
        limits.Add(new FakeRef("second"), Greedy.MapToIPv6());

        Assert.Contains("max-connections-per-ip", limits.Refusal(Greedy), StringComparison.Ordinal);
        Assert.Null(limits.Refusal(Other));
        Assert.True(limits.Remove(first));
        Assert.False(limits.Remove(first));
        Assert.Null(limits.Refusal(Greedy.MapToIPv6()));
        Assert.Equal(1, limits.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task One_address_past_its_cap_gets_503_while_another_connects_and_a_closed_connection_frees_its_slot()
    {
        await using var server = await StreamingServer.StartAsync(settings: LoopbackSettings.Rtsp with { MaxConnectionsPerAddress = 3 });
        var greedy = new List<RtspTestClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                greedy.Add(await ConnectFromAsync(server, Greedy));
                Assert.Equal(200, (await greedy[^1].RequestAsync("OPTIONS", "*")).Status);
            }

            await using (var refused = await ConnectFromAsync(server, Greedy))
            {
                Assert.Equal(503, (await refused.ReadResponseAsync()).Status);
                Assert.True(await refused.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
            }

            await using (var other = await ConnectFromAsync(server, Other))
            {
                Assert.Equal(200, (await other.RequestAsync("OPTIONS", "*")).Status);
            }

            await greedy[0].DisposeAsync();
            greedy.RemoveAt(0);
            Assert.True(await AdmittedWithinAsync(server, Greedy, TimeSpan.FromSeconds(5)), "the closed connection's slot was not freed");
        }
        finally
        {
            foreach (var client in greedy)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task A_serve_process_with_the_shipped_settings_answers_a_thousand_connections_at_once()
    {
        const int Connections = 1000;
        // This process holds the clients' sockets and the server, its child, the same limit: both need 1000 and more.
        var limit = FileDescriptorLimit.Current;
        Assert.SkipWhen(FileDescriptorLimit.ConnectionsFor(limit) < Connections + 256,
            $"the open-file limit here ({limit}) does not allow 1000 connections and this test's own files; raise ulimit -Hn");
        await using var serve = await ServeProcess.StartAsync("--width", "320", "--height", "240");
        var clients = new List<RtspTestClient>();
        try
        {
            for (var batch = 0; batch < Connections / 50; batch++)
            {
                clients.AddRange(await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => RtspTestClient.ConnectAsync(serve.Port))));
            }

            var answers = await Task.WhenAll(clients.Select(async client => (await client.RequestAsync("OPTIONS", "*")).Status));
            Assert.Equal(Connections, answers.Count(status => status == 200));
        }
        finally
        {
            await Task.WhenAll(clients.Select(client => client.DisposeAsync().AsTask()));
        }
    }

    private static Task<RtspTestClient> ConnectFromAsync(StreamingServer server, IPAddress source) =>
        RtspTestClient.ConnectAsync(server.Server.Port, socket => socket.Bind(new IPEndPoint(source, 0)));

    /// <summary>A connection from <paramref name="source"/> is answered 200 (not 503) within <paramref name="bound"/>: the listener saw a connection end.</summary>
    private static async Task<bool> AdmittedWithinAsync(StreamingServer server, IPAddress source, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            await using var client = await ConnectFromAsync(server, source);
            try
            {
                if ((await client.RequestAsync("OPTIONS", "*")).Status == 200)
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // Refused and closed before the request was written.
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>A connection's actor, as the listener knows it: only its identity matters here.</summary>
    private sealed class FakeRef(string name) : MinimalActorRef
    {
        public override ActorPath Path { get; } = new RootActorPath(new Address("akka", "test")) / name;

        public override IActorRefProvider Provider => throw new NotSupportedException();
    }
}
