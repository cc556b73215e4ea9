using MediaActors.LoadClient;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

/// <summary>The benchmark's load client (bench/LoadClient), run in this process against a real `serve`: it must see a clean stream before it measures anyone else's server.</summary>
[Collection(ServeCollection.Name)]
public sealed class LoadClientTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_udp_and_three_tcp_clients_are_all_served_without_loss()
    {
        await using var serve = await ServeProcess.StartAsync("--width", "320", "--height", "240");
        var url = new Uri(serve.UrlOf("test"));
        var log = new StringWriter();

        var results = await Task.WhenAll(
            LoadRun.RunAsync(new LoadOptions(url, 3, StreamTransport.Udp, TimeSpan.FromSeconds(3)), TextWriter.Synchronized(log)),
            LoadRun.RunAsync(new LoadOptions(url, 3, StreamTransport.Tcp, TimeSpan.FromSeconds(3)), TextWriter.Synchronized(log)));

        foreach (var result in results)
        {
            output.WriteLine(result.ToJson());
        }

        output.WriteLine(log.ToString());
        Assert.All(results, result =>
        {
            Assert.True(result.Errors == 0, result.ToJson());
            Assert.Equal(0, result.LostPackets);
            Assert.NotNull(result.TtfkMs);
        });
        Assert.Equal(6, results.Sum(result => result.ClientsServed));
    }

    [Fact]
    public async Task Three_rtsps_clients_are_served_without_loss_over_tls()
    {
        var tlsPort = ServeProcess.FreeTcpPort();
        await using var serve = await ServeProcess.StartAsync("--width", "320", "--height", "240", "--rtsps-port", tlsPort.ToString());
        var log = new StringWriter();

        var result = await LoadRun.RunAsync(new LoadOptions(new Uri($"rtsps://127.0.0.1:{tlsPort}/test"), 3, StreamTransport.Tcp, TimeSpan.FromSeconds(3)), log);

        output.WriteLine(result.ToJson());
        output.WriteLine(log.ToString());
        Assert.True(result.Errors == 0, result.ToJson());
        Assert.Equal(0, result.LostPackets);
        Assert.Equal(3, result.ClientsServed);
        Assert.StartsWith("Tls1", result.Tls);
    }
}
