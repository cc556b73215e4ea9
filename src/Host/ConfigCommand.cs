using System.CommandLine;

namespace MediaActors.Host;

/// <summary>
/// `mediaactors config show serve|board|relay [that command's options]`: the configuration the
/// command would run with, as HOCON, each value that is not a shipped default followed by a comment
/// naming its origin. The subcommands are the commands themselves (<see cref="ServeCommand.Define"/>
/// and the others), with their options parsed and checked by the same code, so what is shown is what
/// the command would read.
/// </summary>
public static class ConfigCommand
{
    public static Command Create()
    {
        var show = new Command("show",
            "Print the configuration a command would run with, as HOCON: give the command and its options as you would run it " +
            "(mediaactors config show serve --config my.conf --http-port 8080). Options over the --config file over the shipped " +
            "defaults; every value that is not a shipped default ends with a comment naming its origin (# from --http-port, " +
            "# from --config FILE). Passwords are shown as ***.");
        show.Subcommands.Add(Shows("serve", ServeCommand.Define(), parsed => parsed.Config));
        show.Subcommands.Add(Shows("board", BoardCommand.Define(), parsed => parsed.Config));
        show.Subcommands.Add(Shows("relay", RelayCommand.Define(), parsed => parsed.Config));
        return new Command("config", "Inspect the configuration.") { show };
    }

    /// <summary>`config show <paramref name="name"/>`: the command's own options, and printing its configuration as the action.</summary>
    private static Command Shows<TParsed>(string name, (Command Command, Func<ParseResult, TParsed> Parse) defined, Func<TParsed, LayeredConfig> configOf)
    {
        var (command, parse) = defined;
        command.Description = $"Print the configuration `mediaactors {name}` would run with these options (the same options as {name}).";
        command.SetAction(async result =>
        {
            LayeredConfig layered;
            try
            {
                layered = MediaActorsHost.WithHostSettings(configOf(parse(result)));
            }
            catch (Exception error) when (MediaActorsHost.IsBadOptions(error))
            {
                return await MediaActorsHost.RefuseAsync($"config show {name}", error);
            }

            await result.InvocationConfiguration.Output.WriteAsync(ConfigText.Render(layered, Header(name, layered)));
            return 0;
        });
        return command;
    }

    private static IEnumerable<string> Header(string name, LayeredConfig layered)
    {
        yield return $"The configuration of `mediaactors {name}` with these options: options over " +
                     (layered.File is { } file ? $"--config {file.FullName}" : "no --config file") + $" over the shipped defaults ({ShippedFiles(name)}).";
        yield return "A value without a comment is a shipped default. The akka section holds only the keys MediaActors sets; Akka's own defaults apply to the rest.";
        yield return $"Options that set no key ({UnshownOptions(name)}) are checked but not shown.";
    }

    private static string UnshownOptions(string name) => name switch
    {
        "relay" => "--port",
        "board" => "--rtsp-port, --session, --source, --codec, --audio, --push",
        _ => "--port, --session, --source, --codec, --audio, --push",
    };

    private static string ShippedFiles(string name) => name switch
    {
        "board" => "hocon/board.conf, cluster.conf, mediaactors.conf",
        "relay" => "hocon/relay.conf, cluster.conf, mediaactors.conf",
        _ => "hocon/mediaactors.conf",
    };
}
