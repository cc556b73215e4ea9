using System.CommandLine;

namespace MediaActors.Host;

/// <summary>The options of every command that runs an RTSP server: where it listens, the address its URLs name, authentication, and a HOCON file.</summary>
public sealed class RtspOptions
{
    public Option<string?> Bind { get; } = new("--bind") { Description = "Address to listen on (default 0.0.0.0, all interfaces)" };

    public Option<string?> Advertise { get; } = new("--advertise") { Description = "Address to put into the printed URL" };

    public Option<string?> User { get; } = new("--user") { Description = "Require this user name (Digest or Basic authentication)" };

    public Option<string?> Password { get; } = new("--password") { Description = "The password of --user" };

    public Option<string?> PublishUser { get; } = new("--publish-user") { Description = "Require this user name of publishers (ANNOUNCE/RECORD), apart from readers'" };

    public Option<string?> PublishPassword { get; } = new("--publish-password") { Description = "The password of --publish-user" };

    public Option<bool> NoPublish { get; } = new("--no-publish") { Description = "Refuse publishers (ANNOUNCE/RECORD) with 403" };

    public Option<int?> RtspsPort { get; } = new("--rtsps-port") { Description = "Also serve RTSP over TLS (rtsps://) on this port, 8322 by convention (default 0: off)" };

    public Option<int?> HttpPort { get; } = new("--http-port") { Description = "HTTP port of the player pages, live view, HLS and recordings (default 8888; 0: none)" };

    public Option<string?> Record { get; } = new("--record") { Description = "Record every session into fMP4 segments under this directory" };

    public Option<FileInfo?> Config { get; } = new("--config") { Description = "A HOCON file overriding the shipped hocon/*.conf" };

    public Option<string?> LogFormat { get; } = new("--log-format")
    {
        Description = "How the log on stderr is written: text (one line per entry, the default) or json (one JSON object per line)",
        HelpName = "text|json",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Bind, Advertise, User, Password, PublishUser, PublishPassword, NoPublish, RtspsPort, HttpPort, Record, Config, LogFormat })
        {
            command.Options.Add(option);
        }
    }

    public ServerFlags Read(ParseResult result) =>
        new(result.GetValue(Bind), result.GetValue(Advertise), result.GetValue(User), result.GetValue(Password), result.GetValue(Config))
        {
            PublishUser = result.GetValue(PublishUser),
            PublishPassword = result.GetValue(PublishPassword),
            NoPublish = result.GetValue(NoPublish),
            RtspsPort = result.GetValue(RtspsPort),
            HttpPort = result.GetValue(HttpPort),
            RecordDirectory = result.GetValue(Record),
            LogFormat = result.GetValue(LogFormat),
        };
}
