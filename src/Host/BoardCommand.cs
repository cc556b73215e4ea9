using System.CommandLine;
using System.Net;
using Akka.Configuration;
using Akka.Hosting;
using MediaActors.Cluster;
using MediaActors.Configuration;

namespace MediaActors.Host;

/// <summary>
/// `mediaactors board`: `serve` as a cluster node with the board role. Its sessions are offered to
/// the relays of the cluster (<see cref="BoardCatalogActor"/>), which serve them at
/// rtsp://relay/&lt;name&gt;/&lt;session&gt;; it also serves them itself unless --rtsp-port is 0.
/// </summary>
public static class BoardCommand
{
    public static Command Create()
    {
        var (command, parse) = Define();
        command.SetAction(result => ServeCommand.RunAsync("board", () => parse(result), StartCatalog));
        return command;
    }

    /// <summary>
    /// `board` and its options, without an action, and what a parse of them asks for: `board` runs
    /// with it, `config show board` prints its configuration.
    /// </summary>
    public static (Command Command, Func<ParseResult, (ServeOptions Options, LayeredConfig Config)> Parse) Define()
    {
        var name = new Option<string?>("--name") { Description = "The board's name, the first segment of its URLs on a relay (default: mediaactors.board.name, else the host name)" };
        var rtspPort = new Option<int>("--rtsp-port") { Description = "The board's own RTSP port; 0 serves no RTSP here (relays only)", DefaultValueFactory = _ => 8554 };
        var cluster = new ClusterOptions(defaultPort: 4054);
        var stream = new StreamOptions();
        var command = new Command("board", "Run a camera as a cluster node whose sessions relays serve (and, unless --rtsp-port 0, serve them here too).")
        {
            name, rtspPort,
        };
        cluster.AddTo(command);
        stream.AddTo(command);
        return (command, Parse);

        (ServeOptions, LayeredConfig) Parse(ParseResult result)
        {
            var port = result.GetValue(rtspPort);
            if (port is < 0 or > IPEndPoint.MaxPort)
            {
                throw new ArgumentException($"--rtsp-port {port} is not a TCP port (0 to disable, else 1-{IPEndPoint.MaxPort}).");
            }

            var options = stream.Read(result, port, listen: port != 0, printBaseUrl: true);
            var overrides = cluster.Read(result).AddTo(new HoconOverrides()).Set("mediaactors.board.name", result.GetValue(name), "--name");
            var layered = options.ToConfig(MediaActorsConfig.Board, overrides);
            ClusterStart.Validate(layered.Config);
            var boardName = NameOf(layered.Config);
            return (options, boardName == layered.Config.GetString("mediaactors.board.name", "")
                ? layered
                : layered.With("mediaactors.board.name", boardName, "the host name (mediaactors.board.name is empty)"));
        }
    }

    /// <summary>The board's catalog, at the path relays ask, under the board's (checked) name; and the join.</summary>
    private static void StartCatalog(AkkaConfigurationBuilder akka, Config config)
    {
        var boardName = config.GetString("mediaactors.board.name");
        akka.WithActors((system, _) => BoardCatalog.StartCatalog(system, boardName));
        ClusterStart.JoinSelfWithoutSeeds(akka, config);
    }

    /// <summary>The configured name, else the host name; it becomes a URL segment, so unreserved characters only.</summary>
    private static string NameOf(Config config)
    {
        var name = config.GetString("mediaactors.board.name", "");
        if (string.IsNullOrEmpty(name))
        {
            name = Environment.MachineName;
        }

        if (name.Length > 100 || name is "." or ".." || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'))
        {
            throw new ArgumentException($"The board name '{name}' must be 1 to 100 letters, digits, '-', '_', '.' or '~' (it is a URL segment); set --name.");
        }

        return name;
    }
}
