using System.CommandLine;
using MediaActors.LoadClient.Churn;
using MediaActors.LoadClient.Rtsp;

namespace MediaActors.LoadClient;

/// <summary>`loadclient`: holds N clients of one stream (RTSP sessions, or WebSocket viewers) and prints what they received as one line of JSON.</summary>
public static class LoadCommand
{
    public static RootCommand Create()
    {
        var url = new Option<string>("--url") { Description = "The stream: rtsp://host:port/path, rtsps://host:port/path (RTSP over TLS, --transport tcp only; the server's certificate is not validated), or for websocket ws://host:port/path/ws", Required = true };
        var clients = new Option<int>("--clients") { Description = "Clients held at once", DefaultValueFactory = _ => 1 };
        var transport = new Option<StreamTransport>("--transport") { Description = "udp, tcp (RTP interleaved in the RTSP connection), multicast (the server's group, joined by every client), or websocket (fMP4, as the browser's player)", DefaultValueFactory = _ => StreamTransport.Udp };
        var duration = new Option<int>("--duration") { Description = "Seconds to measure, from when the last client started playing", DefaultValueFactory = _ => 20 };
        var connectRate = new Option<double>("--connect-rate") { Description = "Clients set up per second at most", DefaultValueFactory = _ => 200 };
        var settle = new Option<double>("--settle") { Description = "Seconds from when the last client started playing to the start of the measured window (the GOP each client gets at once stays out of it)", DefaultValueFactory = _ => 0 };
        var warmUp = new Option<double>("--warm-up") { Description = "Seconds one uncounted client plays before the others start, so that first-time compilation stays out of their start times", DefaultValueFactory = _ => 0 };

        clients.Validators.Add(result => MustBePositive(result, result.GetValueOrDefault<int>()));
        duration.Validators.Add(result => MustBePositive(result, result.GetValueOrDefault<int>()));
        connectRate.Validators.Add(result => MustBePositive(result, result.GetValueOrDefault<double>()));
        warmUp.Validators.Add(result => MustNotBeNegative(result, result.GetValueOrDefault<double>()));
        settle.Validators.Add(result => MustNotBeNegative(result, result.GetValueOrDefault<double>()));

        var command = new RootCommand("MediaActors load client: holds many RTSP sessions or WebSocket viewers from one process, measures what they receive and prints it as one line of JSON (progress on stderr).")
        {
            url, clients, transport, duration, connectRate, warmUp, settle,
        };
        command.Subcommands.Add(ChurnCommand.Create());
        command.Validators.Add(result =>
        {
            var schemes = result.GetValue(transport) switch
            {
                StreamTransport.WebSocket => new[] { "ws" },
                StreamTransport.Tcp => new[] { "rtsp", RtspStream.TlsScheme },
                _ => new[] { "rtsp" },
            };
            if (!Uri.TryCreate(result.GetValue(url), UriKind.Absolute, out var parsed) || !schemes.Contains(parsed.Scheme))
            {
                result.AddError($"--url must be a {string.Join(" or ", schemes.Select(scheme => scheme + "://"))} URL for --transport {result.GetValue(transport).ToString().ToLowerInvariant()}");
            }
        });
        command.SetAction(async (result, cancellation) =>
        {
            var options = new LoadOptions(new Uri(result.GetValue(url)!), result.GetValue(clients), result.GetValue(transport),
                TimeSpan.FromSeconds(result.GetValue(duration)), result.GetValue(connectRate))
            {
                WarmUp = TimeSpan.FromSeconds(result.GetValue(warmUp)),
                Settle = TimeSpan.FromSeconds(result.GetValue(settle)),
            };
            var outcome = await LoadRun.RunAsync(options, Console.Error, cancellation);
            Console.WriteLine(outcome.ToJson());
            return 0;
        });
        return command;
    }

    private static void MustBePositive(System.CommandLine.Parsing.OptionResult result, double value)
    {
        if (value <= 0)
        {
            result.AddError($"{result.Option.Name} must be greater than 0");
        }
    }

    private static void MustNotBeNegative(System.CommandLine.Parsing.OptionResult result, double value)
    {
        if (value < 0)
        {
            result.AddError($"{result.Option.Name} must not be negative");
        }
    }
}
