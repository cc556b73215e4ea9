namespace MediaActors.Protocol.Auth;

/// <summary>One challenge (WWW-Authenticate) or set of credentials (Authorization): a scheme and its auth-params.</summary>
/// <param name="Name">The scheme as sent, e.g. "Digest"; compare it case-insensitively.</param>
/// <param name="Parameters">Parameter values, unquoted and unescaped, looked up by case-insensitive name.</param>
/// <param name="Token68">The bare token of schemes that carry one instead of parameters (Basic credentials); null otherwise.</param>
internal sealed record AuthScheme(string Name, IReadOnlyDictionary<string, string> Parameters, string? Token68);
