using System.CommandLine;

namespace MediaActors.LoadClient;

/// <summary>`loadclient`: holds N RTSP sessions of one stream and prints what they received as one line of JSON.</summary>
public static class LoadCommand
{
    public static RootCommand Create()
    {
        var url = new Option<string>("--url") { Description = "The stream, rtsp://host:port/path", Required = true };
        var clients = new Option<int>("--clients") { Description = "Sessions held at once", DefaultValueFactory = _ => 1 };
        var transport = new Option<RtpTransport>("--transport") { Description = "udp, or tcp (interleaved in the RTSP connection)", DefaultValueFactory = _ => RtpTransport.Udp };
        var duration = new Option<int>("--duration") { Description = "Seconds to measure, from when the last client started playing", DefaultValueFactory = _ => 20 };
        var connectRate = new Option<double>("--connect-rate") { Description = "Clients set up per second at most", DefaultValueFactory = _ => 200 };

        url.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var parsed) || parsed.Scheme != "rtsp")
            {
                result.AddError("--url must be an rtsp:// URL");
            }
        });
        clients.Validators.Add(result => MustBePositive(result, result.GetValueOrDefault<int>()));
        duration.Validators.Add(result => MustBePositive(result, result.GetValueOrDefault<int>()));
        connectRate.Validators.Add(result => MustBePositive(result, result.GetValueOrDefault<double>()));

        var command = new RootCommand("MediaActors load client: holds many RTSP sessions from one process, measures what they receive and prints it as one line of JSON (progress on stderr).")
        {
            url, clients, transport, duration, connectRate,
        };
        command.SetAction(async (result, cancellation) =>
        {
            var options = new LoadOptions(new Uri(result.GetValue(url)!), result.GetValue(clients), result.GetValue(transport),
                TimeSpan.FromSeconds(result.GetValue(duration)), result.GetValue(connectRate));
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
}
