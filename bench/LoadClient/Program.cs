using System.CommandLine;
using MediaActors.LoadClient;

// Socket completions run on the socket engine's own threads instead of hopping to the thread pool:
// every continuation here is a few counter updates and the next receive, and the hop was a third
// of the client's CPU (50 UDP clients of 4 Mbit/s: 2.5 CPU-s in 10 s with it, 1.5 without). Read
// by the runtime at the first socket operation; a value set by the caller wins.
const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
}

// Ctrl+C ends the measuring early; the clients are still torn down and the JSON printed, which can take a few seconds.
return await LoadCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });
