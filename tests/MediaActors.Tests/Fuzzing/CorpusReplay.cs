using MediaActors.Fuzz;

namespace MediaActors.Tests.Fuzzing;

/// <summary>
/// Runs a fuzz target on saved inputs in this process, as afl ran it: whatever escapes the
/// target, and any input it does not finish within the bound, is a failure naming the target
/// and the file.
/// </summary>
public static class CorpusReplay
{
    /// <summary>Far above what any input takes (milliseconds), and short enough that a hang fails the test rather than stalling it.</summary>
    public static readonly TimeSpan PerInputBound = TimeSpan.FromSeconds(20);

    public static List<string> Failures(IFuzzTarget target, IEnumerable<string> files, TimeSpan bound)
    {
        var failures = new List<string>();
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            var name = $"{target.Name}/{Path.GetFileName(file)}";
            try
            {
                if (!Task.Run(() => target.Run(input)).Wait(bound, TestContext.Current.CancellationToken))
                {
                    failures.Add($"{name}: did not finish within {bound.TotalSeconds:0} s");
                }
            }
            catch (AggregateException error) when (error.InnerException is { } escaped)
            {
                failures.Add($"{name}: {escaped.GetType().FullName}: {escaped.Message}\n{escaped.StackTrace}");
            }
        }

        return failures;
    }
}
