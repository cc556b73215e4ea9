using System.CommandLine;
using MediaActors.BrowserTiming;
using MediaActors.Tests.Browser;

var page = new Option<string>("--url") { Description = "The player page, http://host:port/<session>/", Required = true };
var loads = new Option<int>("--loads") { Description = "Page loads timed, each in a fresh context", DefaultValueFactory = _ => 10 };
var warmUpLoads = new Option<int>("--warm-up-loads") { Description = "Loads before the timed ones, reported apart", DefaultValueFactory = _ => 1 };
var watch = new Option<double>("--watch") { Description = "Seconds one more page is watched after its first picture, for the latency; 0: none", DefaultValueFactory = _ => 12 };
var latencyFrom = new Option<double>("--latency-from") { Description = "The latency summary takes the samples from this many seconds after the first picture on", DefaultValueFactory = _ => 10 };
var chromium = new Option<string>("--chromium") { Description = "The browser", DefaultValueFactory = _ => Chromium.DebianPath };

page.Validators.Add(result =>
{
    if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
    {
        result.AddError("--url must be an http:// URL");
    }
});
loads.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() < 1)
    {
        result.AddError("--loads must be at least 1");
    }
});

var command = new RootCommand("MediaActors browser timing: opens the player page in headless chromium several times, prints how soon each showed its first picture and how far behind live a watched page plays, as one line of JSON (progress on stderr).")
{
    page, loads, warmUpLoads, watch, latencyFrom, chromium,
};
command.SetAction(async result =>
{
    var options = new TimingOptions(new Uri(result.GetValue(page)!), result.GetValue(loads), Math.Max(0, result.GetValue(warmUpLoads)),
        TimeSpan.FromSeconds(Math.Max(0, result.GetValue(watch))), TimeSpan.FromSeconds(result.GetValue(latencyFrom)), result.GetValue(chromium)!);
    var outcome = await TimingRun.RunAsync(options, Console.Error);
    Console.WriteLine(outcome.ToJson());
    return 0;
});
return await command.Parse(args).InvokeAsync();
