using Akka.Configuration;

namespace MediaActors.Configuration;

/// <summary>
/// Whether and how RTSP publishers (ANNOUNCE/RECORD) may feed sessions: the
/// <c>mediaactors.rtsp.publish</c> HOCON section (see hocon/mediaactors.conf for why each default).
/// </summary>
/// <param name="Enabled">False: ANNOUNCE is refused (403).</param>
/// <param name="Authentication">The credentials publishers need, apart from readers'; null: none.</param>
/// <param name="TakeOver">A second publisher of a path takes it over (the first is disconnected) instead of being refused.</param>
/// <param name="Linger">How long a published session outlives its publisher, waiting for the next one.</param>
public sealed record PublishingSettings(bool Enabled, AuthenticationSettings? Authentication, bool TakeOver, TimeSpan Linger)
{
    private const string Section = "mediaactors.rtsp.publish";

    public static PublishingSettings FromConfig(Config publish)
    {
        var conflict = publish.GetString("on-conflict") ?? "refuse";
        var takeOver = conflict switch
        {
            "refuse" => false,
            "take-over" => true,
            _ => throw new ConfigurationException($"{Section}.on-conflict '{conflict}' is not refuse or take-over."),
        };
        var linger = publish.GetTimeSpan("linger");
        if (linger < TimeSpan.Zero)
        {
            throw new ConfigurationException($"{Section}.linger must not be negative.");
        }

        return new PublishingSettings(publish.GetBoolean("enabled"), AuthenticationSettings.FromConfig(publish, Section), takeOver, linger);
    }
}
