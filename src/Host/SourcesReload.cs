using Akka.Configuration;
using MediaActors.Sources;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host;

/// <summary>
/// What a reload changes among the pulled cameras, by session name: sources the new configuration
/// no longer names, new ones, ones whose settings differ (record equality: every value the same),
/// and the unchanged rest.
/// </summary>
/// <param name="Changed">The new settings of each changed source.</param>
public sealed record SourcesDiff(
    IReadOnlyList<RtspSourceSettings> Added,
    IReadOnlyList<RtspSourceSettings> Removed,
    IReadOnlyList<RtspSourceSettings> Changed,
    IReadOnlyList<string> Unchanged)
{
    public bool IsEmpty => Added.Count + Removed.Count + Changed.Count == 0;

    /// <summary>From the <paramref name="running"/> sources to the <paramref name="wanted"/> ones; each list in the order its sources are given.</summary>
    public static SourcesDiff Between(IEnumerable<RtspSourceSettings> running, IEnumerable<RtspSourceSettings> wanted)
    {
        var before = running.ToDictionary(source => source.SessionName, StringComparer.Ordinal);
        var after = wanted.ToList();
        var names = after.Select(source => source.SessionName).ToHashSet(StringComparer.Ordinal);
        return new SourcesDiff(
            Added: after.Where(source => !before.ContainsKey(source.SessionName)).ToList(),
            Removed: before.Values.Where(source => !names.Contains(source.SessionName)).ToList(),
            Changed: after.Where(source => before.TryGetValue(source.SessionName, out var old) && old != source).ToList(),
            Unchanged: after.Where(source => before.TryGetValue(source.SessionName, out var old) && old == source).Select(source => source.SessionName).ToList());
    }
}

/// <summary>
/// Applies the <c>mediaactors.sources</c> section of a re-read --config file to a running server
/// (on SIGHUP): the file is read again under the same command-line options (they still win), and
/// the new sources are compared with the running ones by session name. A removed source is
/// stopped (its session ends, and its clients with it), an added one started, a changed one
/// stopped and started again; an unchanged one is not touched, so its clients play on. A file that
/// cannot be read, or names a source that cannot be pulled, changes nothing. The other sections
/// are not applied: a difference there is logged as needing a restart.
/// </summary>
/// <param name="started">The configuration the server started with.</param>
/// <param name="running">The sources pulled from it.</param>
/// <param name="ownSession">The session of the command itself (serve's --session), which no source may take.</param>
/// <param name="add">Starts pulling a source (<see cref="RtspServer.PullRtspSource"/>).</param>
/// <param name="remove">Stops a source and its session (<see cref="RtspServer.DestroySession"/>).</param>
public sealed class SourcesReload(
    LayeredConfig started,
    IEnumerable<RtspSourceSettings> running,
    string? ownSession,
    Action<RtspSourceSettings> add,
    Action<string> remove,
    ILogger logger)
{
    /// <summary>The sections applied while running: the sources and the defaults they are read over.</summary>
    private static readonly string[][] Reloadable = [["mediaactors", "sources"], ["mediaactors", "source-defaults"]];

    private readonly Dictionary<string, RtspSourceSettings> _running = running.ToDictionary(source => source.SessionName, StringComparer.Ordinal);

    /// <summary>The sources pulled now, by session name.</summary>
    public IReadOnlyCollection<RtspSourceSettings> Running => _running.Values;

    /// <summary>
    /// Reads the file again and applies its sources, logging a line per change and a summary;
    /// the changes made, or null when the file could not be used (nothing changed).
    /// </summary>
    public SourcesDiff? Reload()
    {
        if (started.File is not { } file)
        {
            logger.LogWarning("SIGHUP: there is no --config file to read again; nothing changed");
            return null;
        }

        LayeredConfig reread;
        IReadOnlyList<RtspSourceSettings> wanted;
        try
        {
            reread = started.Reread();
            wanted = Checked(RtspSourceSettings.AllFromConfig(reread.Config), ownSession);
        }
        catch (Exception error) when (MediaActorsHost.IsBadOptions(error) || error is UnauthorizedAccessException)
        {
            logger.LogError("Reload of {File} refused, nothing changed: {Reason}", file.FullName, error.Message);
            return null;
        }

        var diff = SourcesDiff.Between(_running.Values, wanted);
        foreach (var source in diff.Removed)
        {
            if (Apply(source.SessionName, "removed", () => remove(source.SessionName)))
            {
                _running.Remove(source.SessionName);
                logger.LogInformation("Reload: source {Session} removed ({Url}); its session and clients end", source.SessionName, source);
            }
        }

        foreach (var source in diff.Changed)
        {
            var changes = string.Join(", ", ChangedSettings(_running[source.SessionName], source));
            if (Apply(source.SessionName, "removed to be changed", () => remove(source.SessionName)))
            {
                _running.Remove(source.SessionName);
                if (Apply(source.SessionName, "added again", () => add(source)))
                {
                    _running[source.SessionName] = source;
                    logger.LogInformation("Reload: source {Session} changed ({Changes}); pulled again from {Url}, its clients end", source.SessionName, changes, source);
                }
            }
        }

        foreach (var source in diff.Added)
        {
            if (Apply(source.SessionName, "added", () => add(source)))
            {
                _running[source.SessionName] = source;
                logger.LogInformation("Reload: source {Session} added ({Url})", source.SessionName, source);
            }
        }

        if (SectionsNeedingRestart(started.Config, reread.Config) is { Count: > 0 } sections)
        {
            logger.LogWarning("Reload of {File}: {Sections} changed too; only mediaactors.sources is applied while running, the rest at a restart",
                file.FullName, string.Join(", ", sections));
        }

        logger.LogInformation("Reload of {File}: sources {Added} added, {Removed} removed, {Changed} changed, {Unchanged} unchanged",
            file.FullName, diff.Added.Count, diff.Removed.Count, diff.Changed.Count, diff.Unchanged.Count);
        return diff;
    }

    /// <summary>Runs one step; a server that refuses it (it is stopping, a publisher holds the name) is logged, and the other steps go on.</summary>
    private bool Apply(string session, string what, Action step)
    {
        try
        {
            step();
            return true;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or RtspServerException)
        {
            logger.LogError("Reload: source {Session} could not be {What}: {Reason}", session, what, error.Message);
            return false;
        }
    }

    /// <summary><paramref name="sources"/>, unless one of them takes <paramref name="ownSession"/>, the command's own session.</summary>
    /// <exception cref="ConfigurationException">A source is named like the command's own session.</exception>
    public static IReadOnlyList<RtspSourceSettings> Checked(IReadOnlyList<RtspSourceSettings> sources, string? ownSession) =>
        sources.FirstOrDefault(source => source.SessionName == ownSession) is { } taken
            ? throw new ConfigurationException(
                $"mediaactors.sources.{taken.SessionName}: '{taken.SessionName}' is the session of --session; give the source another name.")
            : sources;

    /// <summary>
    /// The sections (<c>mediaactors.rtsp</c>, <c>akka</c>, …) in which <paramref name="reread"/> differs
    /// from <paramref name="running"/>, apart from the sources: what a reload does not apply.
    /// </summary>
    public static IReadOnlyList<string> SectionsNeedingRestart(Config running, Config reread)
    {
        var before = ValuesOf(running);
        var after = ValuesOf(reread);
        return before.Keys.Union(after.Keys)
            .Where(path => !before.TryGetValue(path, out var value) || !after.TryGetValue(path, out var other) || value != other)
            .Select(SectionOf)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The settings (as the HOCON keys name them) in which two sources differ; "credentials" without their values.</summary>
    public static IReadOnlyList<string> ChangedSettings(RtspSourceSettings old, RtspSourceSettings @new)
    {
        var differences = new List<string>();
        void Compare<T>(string name, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                differences.Add(name);
            }
        }

        Compare("url", old.Url, @new.Url);
        Compare("credentials", old.Credentials, @new.Credentials);
        Compare("transport", old.Transport, @new.Transport);
        Compare("on-demand", old.OnDemand, @new.OnDemand);
        Compare("on-demand-linger", old.OnDemandLinger, @new.OnDemandLinger);
        Compare("request-timeout", old.RequestTimeout, @new.RequestTimeout);
        Compare("stall-timeout", old.StallTimeout, @new.StallTimeout);
        Compare("udp-fallback-after", old.UdpFallbackAfter, @new.UdpFallbackAfter);
        Compare("reconnect-min", old.ReconnectMin, @new.ReconnectMin);
        Compare("reconnect-max", old.ReconnectMax, @new.ReconnectMax);
        Compare("receiver-report-interval", old.ReceiverReportInterval, @new.ReceiverReportInterval);
        return differences;
    }

    /// <summary>Every value outside the reloadable sections, by its path (the keys joined by NUL, which no key holds).</summary>
    private static Dictionary<string, string> ValuesOf(Config config) =>
        HoconTree.Leaves(config)
            .Where(leaf => !Reloadable.Any(section => leaf.Path.Count >= section.Length && leaf.Path.Take(section.Length).SequenceEqual(section)))
            .ToDictionary(leaf => string.Join('\0', leaf.Path), leaf => HoconTree.ValueText(leaf.Value), StringComparer.Ordinal);

    /// <summary>A section as the warning names it: <c>mediaactors.rtsp</c> under mediaactors, else the top-level key (<c>akka</c>).</summary>
    private static string SectionOf(string path)
    {
        var keys = path.Split('\0');
        return HoconTree.PathText(keys[0] == "mediaactors" && keys.Length > 1 ? keys.Take(2) : keys.Take(1));
    }
}
