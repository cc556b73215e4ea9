using MediaActors.Fuzz;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Fuzzing;

/// <summary>
/// Every input the fuzzers kept (fuzz/corpus/TARGET) and every crash they found (fuzz/crashes/TARGET)
/// goes through its target again, in process: a parser change that makes any of them throw, or
/// hang, fails here without running afl. No target may be left without inputs to replay.
/// </summary>
public sealed class CorpusReplayTests
{
    private static readonly string CorpusRoot = Path.Combine(Repository.Root, "fuzz", "corpus");
    private static readonly string CrashesRoot = Path.Combine(Repository.Root, "fuzz", "crashes");

    public static TheoryData<string> TargetNames => new(FuzzTargets.All.Select(target => target.Name));

    [Fact]
    public void Every_target_has_a_corpus_directory_and_every_corpus_directory_a_target()
    {
        var directories = Directory.GetDirectories(CorpusRoot).Select(Path.GetFileName).Order().ToList();

        Assert.Equal(FuzzTargets.All.Select(target => target.Name).Order(), directories);
    }

    [Fact]
    public void Crash_inputs_belong_to_targets()
    {
        var directories = Directory.Exists(CrashesRoot) ? Directory.GetDirectories(CrashesRoot).Select(Path.GetFileName) : [];

        Assert.All(directories, directory => Assert.NotNull(FuzzTargets.Find(directory!)));
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Corpus_replays_without_an_escaping_exception(string name)
    {
        var corpus = Path.Combine(CorpusRoot, name);
        var files = Directory.Exists(corpus) ? Directory.GetFiles(corpus) : [];
        Assert.True(files.Length > 0, $"fuzz/corpus/{name} has no input: the target would not be replayed");

        var failures = CorpusReplay.Failures(FuzzTargets.Find(name)!, files, CorpusReplay.PerInputBound);

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Crash_inputs_replay_without_an_escaping_exception(string name)
    {
        var crashes = Path.Combine(CrashesRoot, name);
        var files = Directory.Exists(crashes) ? Directory.GetFiles(crashes) : [];

        var failures = CorpusReplay.Failures(FuzzTargets.Find(name)!, files, CorpusReplay.PerInputBound);

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void Replay_names_the_target_and_file_of_an_escaping_exception()
    {
        var corpus = Directory.GetFiles(Path.Combine(CorpusRoot, "rtsp-request"));

        var failures = CorpusReplay.Failures(new ThrowingTarget(corpus[^1]), corpus, CorpusReplay.PerInputBound);

        var failure = Assert.Single(failures);
        Assert.StartsWith($"throwing/{Path.GetFileName(corpus[^1])}: System.InvalidOperationException: injected", failure);
    }

    [Fact]
    public void Replay_names_an_input_that_does_not_finish_in_time()
    {
        var corpus = Directory.GetFiles(Path.Combine(CorpusRoot, "rtsp-request"))[..1];

        var failures = CorpusReplay.Failures(new HangingTarget(), corpus, TimeSpan.FromMilliseconds(200));

        Assert.Contains("did not finish", Assert.Single(failures));
    }

    /// <summary>A real target that throws what no production call site catches, on one file's bytes.</summary>
    private sealed class ThrowingTarget(string file) : IFuzzTarget
    {
        private readonly byte[] _poisoned = File.ReadAllBytes(file);
        private readonly IFuzzTarget _real = FuzzTargets.Find("rtsp-request")!;

        public string Name => "throwing";

        public void Run(ReadOnlySpan<byte> input)
        {
            _real.Run(input);
            if (input.SequenceEqual(_poisoned))
            {
                throw new InvalidOperationException("injected");
            }
        }
    }

    private sealed class HangingTarget : IFuzzTarget
    {
        public string Name => "hanging";

        public void Run(ReadOnlySpan<byte> input) => Thread.Sleep(TimeSpan.FromSeconds(2));
    }
}
