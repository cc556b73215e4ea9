using System.CommandLine;
using MediaActors.Host;
using MediaActors.Host.Service;

var root = new RootCommand("MediaActors: an RTSP streaming server for camera boards, built on Akka.NET.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(BoardCommand.Create());
root.Subcommands.Add(RelayCommand.Create());
root.Subcommands.Add(ConfigCommand.Create());
root.Subcommands.Add(HealthcheckCommand.Create());
// Ctrl+C and SIGTERM are handled by the generic host (a graceful stop and exit code 0), not by
// System.CommandLine, which would end the process with 128 + signal.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
