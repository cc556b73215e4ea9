using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MediaActors.Tests.Metrics;

/// <summary>
/// A strict reader of Prometheus's text exposition format (0.0.4), written from the format's
/// description and sharing nothing with the server: HELP and TYPE lines before a family's samples,
/// valid metric and label names, label values with their escapes, values (with +Inf, -Inf, NaN),
/// every sample in a declared family, no series twice, and for histograms buckets that never
/// decrease, end at +Inf and agree with _count, with a _sum. Anything else throws
/// <see cref="FormatException"/> naming the line.
/// </summary>
public sealed partial class PrometheusText
{
    private PrometheusText(IReadOnlyDictionary<string, Family> families) => Families = families;

    public IReadOnlyDictionary<string, Family> Families { get; }

    /// <summary>A family: its TYPE (counter, gauge, histogram, summary, untyped), HELP, and samples in order.</summary>
    public sealed record Family(string Name, string Type, string Help, List<Sample> Samples);

    /// <summary>One sample line: the sample's name (a histogram's carry _bucket, _sum, _count), its labels and value.</summary>
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public string Key => Name + "{" + string.Join(",", Labels.OrderBy(label => label.Key, StringComparer.Ordinal).Select(label => $"{label.Key}={label.Value}")) + "}";
    }

    /// <summary>The value of the one sample <paramref name="name"/> with exactly these <paramref name="labels"/> (name=value pairs); null when there is none.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels) =>
        AllSamples.FirstOrDefault(sample => sample.Name == name && sample.Labels.Count == labels.Length
                                            && labels.All(label => sample.Labels.TryGetValue(label.Name, out var value) && value == label.Value))?.Value;

    public IEnumerable<Sample> AllSamples => Families.Values.SelectMany(family => family.Samples);

    public static PrometheusText Parse(string text)
    {
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        if (lines[^1].Length != 0)
        {
            throw new FormatException("the exposition does not end with a line feed");
        }

        for (var number = 1; number <= lines.Length - 1; number++)
        {
            var line = lines[number - 1];
            string Where() => $"line {number}: {line}";
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var comment = CommentLine().Match(line);
                if (!comment.Success)
                {
                    // Other comments are allowed and ignored.
                    if (line.StartsWith("# HELP", StringComparison.Ordinal) || line.StartsWith("# TYPE", StringComparison.Ordinal))
                    {
                        throw new FormatException($"malformed HELP or TYPE, {Where()}");
                    }

                    continue;
                }

                var (keyword, name, rest) = (comment.Groups[1].Value, comment.Groups[2].Value, comment.Groups[3].Value);
                RequireMetricName(name, Where);
                if (keyword == "HELP")
                {
                    if (!helps.TryAdd(name, UnescapeHelp(rest, Where)))
                    {
                        throw new FormatException($"a second HELP for {name}, {Where()}");
                    }
                }
                else
                {
                    if (rest is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                    {
                        throw new FormatException($"unknown type '{rest}', {Where()}");
                    }

                    if (families.ContainsKey(name))
                    {
                        throw new FormatException($"a second TYPE for {name} (or TYPE after its samples), {Where()}");
                    }

                    families[name] = new Family(name, rest, helps.GetValueOrDefault(name, ""), []);
                }

                continue;
            }

            Sample sample;
            try
            {
                sample = ParseSample(line, Where);
            }
            catch (IndexOutOfRangeException)
            {
                throw new FormatException($"the line ends too soon, {Where()}");
            }

            if (!seen.Add(sample.Key))
            {
                throw new FormatException($"series {sample.Key} appears twice, {Where()}");
            }

            var family = FamilyOf(sample.Name, families) ?? throw new FormatException($"sample {sample.Name} has no TYPE before it, {Where()}");
            family.Samples.Add(sample);
        }

        foreach (var family in families.Values)
        {
            if (!helps.ContainsKey(family.Name))
            {
                throw new FormatException($"{family.Name} has no HELP");
            }

            if (family.Type == "histogram")
            {
                CheckHistogram(family);
            }
        }

        return new PrometheusText(families.ToDictionary(pair => pair.Key, pair => pair.Value with { Help = helps[pair.Key] }, StringComparer.Ordinal));
    }

    /// <summary>The family a sample belongs to: its own name, or a histogram's or summary's with a suffix.</summary>
    private static Family? FamilyOf(string sampleName, Dictionary<string, Family> families)
    {
        if (families.TryGetValue(sampleName, out var family) && family.Type is not "histogram")
        {
            return family;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && families.TryGetValue(sampleName[..^suffix.Length], out var parent)
                && (parent.Type == "histogram" || (parent.Type == "summary" && suffix != "_bucket")))
            {
                return parent;
            }
        }

        return null;
    }

    /// <summary>Per label set (le aside): buckets in increasing le, never decreasing, ending with +Inf equal to _count, and a _sum.</summary>
    private static void CheckHistogram(Family family)
    {
        var series = family.Samples.GroupBy(sample => string.Join(",", sample.Labels.Where(label => label.Key != "le").OrderBy(label => label.Key, StringComparer.Ordinal)));
        foreach (var one in series)
        {
            var buckets = one.Where(sample => sample.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
            if (buckets.Count == 0 || buckets.Any(bucket => !bucket.Labels.ContainsKey("le")))
            {
                throw new FormatException($"{family.Name}{{{one.Key}}} has no buckets, or one without le");
            }

            var bounds = buckets.Select(bucket => ParseValue(bucket.Labels["le"], () => $"le of {family.Name}")).ToList();
            for (var i = 1; i < buckets.Count; i++)
            {
                if (!(bounds[i] > bounds[i - 1]))
                {
                    throw new FormatException($"{family.Name}{{{one.Key}}}: le {bounds[i]} does not follow {bounds[i - 1]}");
                }

                if (buckets[i].Value < buckets[i - 1].Value)
                {
                    throw new FormatException($"{family.Name}{{{one.Key}}}: bucket le={bounds[i]} ({buckets[i].Value}) is below le={bounds[i - 1]} ({buckets[i - 1].Value})");
                }
            }

            if (!double.IsPositiveInfinity(bounds[^1]))
            {
                throw new FormatException($"{family.Name}{{{one.Key}}} does not end with le=\"+Inf\"");
            }

            var count = one.SingleOrDefault(sample => sample.Name == family.Name + "_count")
                        ?? throw new FormatException($"{family.Name}{{{one.Key}}} has no _count");
            _ = one.SingleOrDefault(sample => sample.Name == family.Name + "_sum") ?? throw new FormatException($"{family.Name}{{{one.Key}}} has no _sum");
            if (count.Value != buckets[^1].Value)
            {
                throw new FormatException($"{family.Name}{{{one.Key}}}: _count {count.Value} is not the +Inf bucket {buckets[^1].Value}");
            }
        }
    }

    private static Sample ParseSample(string line, Func<string> where)
    {
        var position = 0;
        var name = ReadWhile(line, ref position, (c, i) => char.IsAsciiLetter(c) || c is '_' or ':' || (i > 0 && char.IsAsciiDigit(c)));
        RequireMetricName(name, where);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var label = ReadWhile(line, ref position, (c, i) => char.IsAsciiLetter(c) || c == '_' || (i > 0 && char.IsAsciiDigit(c)));
                if (label.Length == 0 || label.StartsWith("__", StringComparison.Ordinal))
                {
                    throw new FormatException($"bad label name at {position}, {where()}");
                }

                Expect(line, ref position, "=\"", where);
                var value = new StringBuilder();
                while (line[position] != '"')
                {
                    if (line[position] == '\\')
                    {
                        position++;
                        value.Append(line[position] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"bad escape \\{line[position]} in a label value, {where()}"),
                        });
                    }
                    else
                    {
                        value.Append(line[position]);
                    }

                    position++;
                }

                position++;
                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"label {label} twice, {where()}");
                }

                if (line[position] == ',')
                {
                    position++;
                }
                else if (line[position] != '}')
                {
                    throw new FormatException($"expected , or }} at {position}, {where()}");
                }
            }

            position++;
        }

        Expect(line, ref position, " ", where);
        var fields = line[position..].Split(' ');
        if (fields.Length is < 1 or > 2 || (fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"expected a value and at most a timestamp, {where()}");
        }

        return new Sample(name, labels, ParseValue(fields[0], where));
    }

    private static double ParseValue(string text, Func<string> where) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when FloatValue().IsMatch(text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"'{text}' is not a value, {where()}"),
    };

    private static string UnescapeHelp(string text, Func<string> where)
    {
        var help = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                help.Append(text[i]);
                continue;
            }

            i++;
            help.Append(i < text.Length ? text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                _ => throw new FormatException($"bad escape in HELP, {where()}"),
            } : throw new FormatException($"HELP ends in a backslash, {where()}"));
        }

        return help.ToString();
    }

    private static void RequireMetricName(string name, Func<string> where)
    {
        if (!MetricName().IsMatch(name))
        {
            throw new FormatException($"'{name}' is not a metric name, {where()}");
        }
    }

    private static string ReadWhile(string line, ref int position, Func<char, int, bool> accept)
    {
        var start = position;
        while (position < line.Length && accept(line[position], position - start))
        {
            position++;
        }

        return line[start..position];
    }

    private static void Expect(string line, ref int position, string expected, Func<string> where)
    {
        if (string.CompareOrdinal(line, position, expected, 0, expected.Length) != 0)
        {
            throw new FormatException($"expected '{expected}' at {position}, {where()}");
        }

        position += expected.Length;
    }

    [GeneratedRegex("^# (HELP|TYPE) ([^ ]+) ?(.*)$")]
    private static partial Regex CommentLine();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex FloatValue();
}
