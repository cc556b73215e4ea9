namespace MediaActors.Tests.Metrics;

/// <summary>The test's own reader of the exposition format takes what the format allows and refuses the rest.</summary>
public sealed class PrometheusTextTests
{
    private const string Valid =
        "# HELP requests_total Requests \\\\ served.\\nSecond line.\n" +
        "# TYPE requests_total counter\n" +
        "requests_total{path=\"/a \\\"b\\\"\\\\c\\nd\",code=\"200\"} 3 1700000000000\n" +
        "requests_total{path=\"/\",code=\"200\"} 1.5e3\n" +
        "# HELP latency_seconds Latency.\n" +
        "# TYPE latency_seconds histogram\n" +
        "latency_seconds_bucket{le=\"0.1\"} 1\n" +
        "latency_seconds_bucket{le=\"1\"} 3\n" +
        "latency_seconds_bucket{le=\"+Inf\"} 3\n" +
        "latency_seconds_sum 1.2\n" +
        "latency_seconds_count 3\n" +
        "# a comment\n" +
        "# HELP up Up.\n" +
        "# TYPE up gauge\n" +
        "up NaN\n";

    [Fact]
    public void Reads_families_labels_with_escapes_and_histograms()
    {
        var text = PrometheusText.Parse(Valid);

        Assert.Equal("Requests \\ served.\nSecond line.", text.Families["requests_total"].Help);
        Assert.Equal(3, text.Value("requests_total", ("path", "/a \"b\"\\c\nd"), ("code", "200")));
        Assert.Equal(1500, text.Value("requests_total", ("path", "/"), ("code", "200")));
        Assert.Equal(3, text.Value("latency_seconds_count"));
        Assert.True(double.IsNaN(text.Value("up")!.Value));
    }

    [Theory]
    [InlineData("# TYPE x counter\nx 1\n", "no HELP")]
    [InlineData("# HELP x X.\nx 1\n", "no TYPE")]
    [InlineData("# HELP x X.\n# TYPE x counter\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n", "twice")]
    [InlineData("# HELP 1x X.\n# TYPE 1x counter\n", "not a metric name")]
    [InlineData("# HELP x X.\n# TYPE x counter\nx{a=\"\\t\"} 1\n", "bad escape")]
    [InlineData("# HELP x X.\n# TYPE x counter\nx{a=\"1\" 1\n", "expected")]
    [InlineData("# HELP x X.\n# TYPE x counter\nx one\n", "not a value")]
    [InlineData("# HELP x X.\n# TYPE x counter\nx 1", "line feed")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n", "is below")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_sum 1\nh_count 2\n", "+Inf")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n", "_count")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n", "_sum")]
    public void Refuses_what_the_format_does_not_allow(string exposition, string reason)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse(exposition));
        Assert.Contains(reason, error.Message);
    }
}
