using MediaActors.Sources;

namespace MediaActors.Host;

/// <summary>The cameras the configuration's <c>mediaactors.sources</c> section names, each pulled into its own session.</summary>
public sealed record ConfiguredSources(IReadOnlyList<RtspSourceSettings> All);
