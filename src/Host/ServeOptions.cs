using System.Globalization;
using System.Net;
using System.Text;
using Akka.Configuration;
using MediaActors.Configuration;

namespace MediaActors.Host;

/// <summary>What `mediaactors serve` was asked to do: the K230 sample's parameters plus where to listen.</summary>
public sealed record ServeOptions(
    int Port,
    string Session,
    VideoType Codec,
    AudioType? Audio,
    int? Width,
    int? Height,
    int? Fps,
    int? BitrateKbps,
    int? Gop,
    string? Bind,
    string? Advertise,
    string? User,
    string? Password,
    FileInfo? ConfigFile,
    ServeSource Source)
{
    /// <summary>
    /// The effective configuration: command-line flags over the --config file over the shipped
    /// defaults (hocon/mediaactors.conf).
    /// </summary>
    public Config ToConfig()
    {
        var overrides = new StringBuilder();
        void Set(string key, object? value)
        {
            if (value is not null)
                overrides.AppendLine(CultureInfo.InvariantCulture, $"{key} = {Quote(value)}");
        }

        Set("mediaactors.camera.width", Width);
        Set("mediaactors.camera.height", Height);
        Set("mediaactors.camera.fps", Fps);
        Set("mediaactors.camera.bitrate-kbps", BitrateKbps);
        Set("mediaactors.camera.gop", Gop);
        if (Bind is not null)
        {
            if (!IPAddress.TryParse(Bind, out _))
                throw new ArgumentException($"--bind '{Bind}' is not an IP address.");
            Set("mediaactors.rtsp.bind-address", Bind);
        }
        Set("mediaactors.rtsp.advertised-address", Advertise);
        if ((User is null) != (Password is null))
            throw new ArgumentException("--user and --password go together.");
        Set("mediaactors.rtsp.auth.user", User);
        Set("mediaactors.rtsp.auth.password", Password);

        var config = ConfigurationFactory.ParseString(overrides.ToString());
        if (ConfigFile is not null)
        {
            if (!ConfigFile.Exists)
                throw new FileNotFoundException($"--config file '{ConfigFile.FullName}' does not exist.");
            config = config.WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(ConfigFile.FullName)));
        }
        return MediaActorsConfig.WithDefaults(config);
    }

    private static string Quote(object value) =>
        value is string text ? "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"" : Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
