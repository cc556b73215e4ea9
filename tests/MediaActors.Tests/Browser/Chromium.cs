using Microsoft.Playwright;

namespace MediaActors.Tests.Browser;

/// <summary>
/// Debian's chromium (/usr/bin/chromium), headless, driven by Playwright: the Playwright driver
/// (node and playwright-core, shipped in the NuGet package and copied next to the tests) runs
/// offline, and no Playwright browser is downloaded. Disposing it closes the browser and the driver.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string DebianPath = "/usr/bin/chromium";

    /// <summary>How long every Playwright action (navigation, wait, evaluation) may take.</summary>
    public static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>What the browser reports, e.g. 156.0.8078.114.</summary>
    public string Version => _browser.Version;

    /// <summary>The arguments chromium is started with, besides Playwright's own.</summary>
    public static IReadOnlyList<string> Arguments { get; } = ArgumentsFor(RunsAsRoot());

    /// <summary>
    /// Starts <paramref name="executablePath"/> headless; fails, naming the package to install,
    /// when it is missing: a browser test never passes by not running.
    /// </summary>
    public static async Task<Chromium> LaunchAsync(string executablePath = DebianPath)
    {
        if (!File.Exists(executablePath))
        {
            throw new InvalidOperationException(
                $"{executablePath} is not installed: the browser tests play the page in Debian's chromium. " +
                "scripts/test.sh installs it (apt-get install chromium).");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executablePath,
                Headless = true,
                Args = Arguments,
                Timeout = (float)LaunchTimeout.TotalMilliseconds,
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh profile (no cache, no cookies) whose pages time out after <see cref="ActionTimeout"/>.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 960, Height = 720 },
        });
        context.SetDefaultTimeout((float)ActionTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)ActionTimeout.TotalMilliseconds);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _browser.CloseAsync().WaitAsync(CloseTimeout);
        }
        catch (TimeoutException)
        {
            // Ending the driver below kills the browser it started.
        }
        finally
        {
            _playwright.Dispose();
        }
    }

    internal static IReadOnlyList<string> ArgumentsFor(bool root)
    {
        var arguments = new List<string>
        {
            // The page starts muted, which browsers allow anyway; this also lets a test unmute.
            "--autoplay-policy=no-user-gesture-required",
            // A container's /dev/shm is often 64 MB, too small for the renderer's video frames.
            "--disable-dev-shm-usage",
        };
        if (root)
        {
            // Chromium refuses to start as root with its sandbox ("Running as root without
            // --no-sandbox is not supported"); the pages these tests open are their own.
            arguments.Add("--no-sandbox");
        }
        return arguments;
    }

    /// <summary>Whether this process's effective user id is 0 (the "Uid:" line of /proc/self/status: real, effective, ...).</summary>
    private static bool RunsAsRoot()
    {
        var uid = File.ReadLines("/proc/self/status").First(line => line.StartsWith("Uid:", StringComparison.Ordinal));
        return uid.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[2] == "0";
    }
}
