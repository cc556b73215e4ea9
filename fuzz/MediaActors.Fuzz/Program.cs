using MediaActors.Fuzz;
using SharpFuzz;

// MediaActors.Fuzz --list                 the targets, one a line
// MediaActors.Fuzz TARGET                 runs TARGET under afl-fuzz (SharpFuzz's out-of-process mode)
// MediaActors.Fuzz TARGET FILE...         runs TARGET once on each file, printing what escapes (to reproduce a crash)
// MediaActors.Fuzz --write-cluster-seeds DIR   writes cluster-wire seeds with the real serializers
if (args is ["--list"])
{
    foreach (var each in FuzzTargets.All)
    {
        Console.WriteLine(each.Name);
    }

    return 0;
}

if (args is ["--write-cluster-seeds", var directory])
{
    Directory.CreateDirectory(directory);
    foreach (var (name, bytes) in MediaActors.Fuzz.Targets.ClusterWireSeeds.Create())
    {
        File.WriteAllBytes(Path.Combine(directory, name), bytes);
    }

    return 0;
}

if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine($"usage: MediaActors.Fuzz --list | TARGET [FILE...]; targets: {string.Join(", ", FuzzTargets.All.Select(each => each.Name))}");
    return 2;
}

if (args.Length > 1)
{
    var failed = 0;
    foreach (var file in args[1..])
    {
        try
        {
            target.Run(File.ReadAllBytes(file));
            Console.WriteLine($"{file}: ok");
        }
        catch (Exception error)
        {
            failed++;
            Console.WriteLine($"{file}: {error}");
        }
    }

    return failed == 0 ? 0 : 1;
}

// One buffer for every input: afl's inputs are small, and fuzzing speed is the point.
var buffer = new MemoryStream();
Fuzzer.OutOfProcess.Run(stream =>
{
    buffer.SetLength(0);
    stream.CopyTo(buffer);
    target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;
