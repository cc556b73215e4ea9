using System.CommandLine;

namespace MediaActors.LoadClient.Churn;

/// <summary>`loadclient churn`: readers coming and going over several sessions for a long time (the soak's load), recorded as JSON lines.</summary>
public static class ChurnCommand
{
    public static Command Create()
    {
        var sessions = new Option<string[]>("--session") { Description = "A session to read: NAME,RTSP_URL,HTTP_BASE (HTTP_BASE is http://host:port/<session>, where /ws and /index.m3u8 are); repeatable", Required = true, AllowMultipleArgumentsPerToken = false };
        var readers = new Option<int>("--readers") { Description = "Readers at once", DefaultValueFactory = _ => 200 };
        var duration = new Option<int>("--duration") { Description = "Seconds to churn", DefaultValueFactory = _ => 60 };
        var minPlay = new Option<double>("--min-play") { Description = "Shortest visit, seconds", DefaultValueFactory = _ => 1 };
        var maxPlay = new Option<double>("--max-play") { Description = "Longest visit, seconds", DefaultValueFactory = _ => 60 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random picks", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--events") { Description = "File the JSON lines go to", Required = true };
        var command = new Command("churn", "Keeps readers churning over sessions (UDP, TCP, WebSocket, HLS; each plays a random time and leaves) and writes what each saw (play, silences, loss, leave) as JSON lines.")
        {
            sessions, readers, duration, minPlay, maxPlay, seed, output,
        };
        command.SetAction(async (result, cancellation) =>
        {
            var options = new ChurnOptions(result.GetValue(sessions)!.Select(ChurnTarget.Parse).ToArray(), result.GetValue(readers),
                TimeSpan.FromSeconds(result.GetValue(duration)), TimeSpan.FromSeconds(result.GetValue(minPlay)),
                TimeSpan.FromSeconds(result.GetValue(maxPlay)), result.GetValue(seed));
            using var events = new ChurnEvents(new StreamWriter(result.GetValue(output)!));
            await ChurnRun.RunAsync(options, events, Console.Error, cancellation);
            return 0;
        });
        return command;
    }
}
