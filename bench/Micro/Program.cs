using BenchmarkDotNet.Running;

// The send path's micro-benchmarks: `dotnet run -c Release --project bench/Micro` runs them all
// (about three minutes) and writes the reports to bench/out/micro; BenchmarkDotNet's own
// arguments (such as --filter '*Send*') narrow them.
var repository = new DirectoryInfo(AppContext.BaseDirectory);
while (repository.GetFiles("*.sln").Length == 0)
{
    repository = repository.Parent ?? throw new InvalidOperationException($"no solution above {AppContext.BaseDirectory}");
}

string[] defaults = ["--filter", "*", "--artifacts", Path.Combine(repository.FullName, "bench", "out", "micro")];
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. defaults.Where((_, i) => !args.Contains(defaults[i - i % 2])), .. args]);
