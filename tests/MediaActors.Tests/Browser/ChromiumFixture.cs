namespace MediaActors.Tests.Browser;

/// <summary>
/// The browser tests share one chromium and run one after another, and not while other tests
/// run: each decodes video and some time the first picture and the delay behind live, which on
/// a small machine shared with other tests' encoders would measure the machine rather than the
/// page. Each test opens its own context (a fresh profile).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "browser";
}

public sealed class ChromiumFixture : IAsyncLifetime
{
    private Chromium? _chromium;

    public Chromium Chromium => _chromium ?? throw new InvalidOperationException("chromium was not launched");

    public async ValueTask InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }
}
