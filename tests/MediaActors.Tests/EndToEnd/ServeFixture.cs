using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

/// <summary>A real `mediaactors serve` started with <paramref name="arguments"/>, shared by the tests of a class or collection.</summary>
public abstract class ServeProcessFixture(params string[] arguments) : IAsyncLifetime
{
    public ServeProcess Serve { get; private set; } = null!;

    public string Url => Serve.UrlOf("test");

    public async ValueTask InitializeAsync() => Serve = await ServeProcess.StartAsync(arguments);

    public async ValueTask DisposeAsync() => await Serve.DisposeAsync();
}

/// <summary>`serve` with the defaults of the K230 sample (1280x720, 30 fps, H.264), shared by the end-to-end tests.</summary>
public sealed class ServeFixture() : ServeProcessFixture();

/// <summary>The end-to-end tests share one host and run one after another: each needs the CPU of a real encoder and real players.</summary>
[CollectionDefinition(Name)]
public sealed class ServeCollection : ICollectionFixture<ServeFixture>
{
    public const string Name = "serve";
}
