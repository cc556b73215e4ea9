namespace MediaActors.Host.Http.Api;

/// <summary>
/// Session names in API paths. A name may hold slashes (a relay's <c>board/session</c>, a
/// publisher's path); in one path segment they are written <c>%2F</c>, which the server leaves
/// encoded in route values (every other escape is decoded already).
/// </summary>
public static class SessionNames
{
    public static string FromRoute(string segment) =>
        segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The name as one path segment.</summary>
    public static string ToRoute(string name) => Uri.EscapeDataString(name);
}
