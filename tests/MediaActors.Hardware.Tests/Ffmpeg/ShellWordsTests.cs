using MediaActors.Hardware.Ffmpeg;

namespace MediaActors.Hardware.Tests.Ffmpeg;

public sealed class ShellWordsTests
{
    [Theory]
    [InlineData("-f lavfi -i testsrc2=size=640x360:rate=25", new[] { "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25" })]
    [InlineData("  -re\t-i   clip.mp4  ", new[] { "-re", "-i", "clip.mp4" })]
    [InlineData("-i '/videos/my clip.mp4'", new[] { "-i", "/videos/my clip.mp4" })]
    [InlineData("-i \"/videos/my clip.mp4\"", new[] { "-i", "/videos/my clip.mp4" })]
    [InlineData("-vf \"drawtext=text='a b'\"", new[] { "-vf", "drawtext=text='a b'" })]
    [InlineData("-i 'it\"s'", new[] { "-i", "it\"s" })]
    [InlineData("-i \"say \\\"hi\\\" \\\\ \\n\"", new[] { "-i", "say \"hi\" \\ \\n" })]
    [InlineData("-i my\\ clip.mp4", new[] { "-i", "my clip.mp4" })]
    [InlineData("a'b c'd", new[] { "ab cd" })]
    [InlineData("-metadata title='' -i x", new[] { "-metadata", "title=", "-i", "x" })]
    [InlineData("'' x", new[] { "", "x" })]
    [InlineData("", new string[0])]
    public void Splits_like_a_shell(string text, string[] expected) =>
        Assert.Equal(expected, ShellWords.Split(text));

    [Theory]
    [InlineData("-i 'clip.mp4", "'")]
    [InlineData("-i \"clip.mp4", "\"")]
    [InlineData("-i clip\\", "backslash")]
    public void Refuses_an_unclosed_quote_or_a_lone_backslash(string text, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => ShellWords.Split(text));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
