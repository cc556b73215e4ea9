using System.Net;
using MediaActors.Multicast;

namespace MediaActors.Tests.Multicast;

public sealed class MulticastRangeTests
{
    [Fact]
    public void The_lowest_free_address_past_the_network_address_is_taken()
    {
        var range = Parse("224.1.0.0/16");

        Assert.Equal(IPAddress.Parse("224.1.0.1"), range.LowestFree(new HashSet<IPAddress>()));
        Assert.Equal(IPAddress.Parse("224.1.0.3"), range.LowestFree(Addresses("224.1.0.1", "224.1.0.2", "224.1.0.4")));
        Assert.Equal(65535, range.Capacity);
    }

    [Fact]
    public void An_address_given_back_is_taken_again_first()
    {
        var range = Parse("239.255.1.0/24");

        Assert.Equal(IPAddress.Parse("239.255.1.1"), range.LowestFree(Addresses("239.255.1.2", "239.255.1.3")));
    }

    [Fact]
    public void A_full_range_has_no_address()
    {
        var range = Parse("224.1.7.0/30");

        Assert.Equal(3, range.Capacity);
        Assert.Equal(IPAddress.Parse("224.1.7.3"), range.LowestFree(Addresses("224.1.7.1", "224.1.7.2")));
        Assert.Null(range.LowestFree(Addresses("224.1.7.1", "224.1.7.2", "224.1.7.3")));
    }

    [Fact]
    public void A_limit_leaves_the_addresses_past_it_out_and_an_address_knows_its_place()
    {
        var range = Parse("224.1.0.0/16");

        Assert.Null(range.LowestFree(Addresses("224.1.0.1", "224.1.0.2"), limit: 2));
        Assert.Equal(IPAddress.Parse("224.1.0.3"), range.LowestFree(Addresses("224.1.0.1", "224.1.0.2"), limit: 3));
        Assert.Equal((0, 256), (range.IndexOf(IPAddress.Parse("224.1.0.1")), range.IndexOf(IPAddress.Parse("224.1.1.1"))));
    }

    [Fact]
    public void Host_bits_of_the_text_are_cleared()
    {
        Assert.Equal("224.1.0.0/16", Parse("224.1.2.3/16").Text);
        Assert.Equal(IPAddress.Parse("224.1.0.1"), Parse("224.1.2.3/16").LowestFree(new HashSet<IPAddress>()));
    }

    [Theory]
    [InlineData("224.1.0.0")]
    [InlineData("224.1.0.0/")]
    [InlineData("224.1.0.0/33")]
    [InlineData("224.1.0.0/32")]
    [InlineData("224.0.0.0/3")]
    [InlineData("10.1.0.0/16")]
    [InlineData("240.0.0.0/8")]
    [InlineData("ff05::/16")]
    [InlineData("multicast")]
    public void Anything_but_an_ipv4_block_inside_224_0_0_0_4_is_refused_with_a_reason(string text)
    {
        Assert.False(MulticastRange.TryParse(text, out var range, out var error));
        Assert.Null(range);
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    private static MulticastRange Parse(string text)
    {
        Assert.True(MulticastRange.TryParse(text, out var range, out var error), error);
        return range;
    }

    private static HashSet<IPAddress> Addresses(params string[] addresses) => addresses.Select(IPAddress.Parse).ToHashSet();
}
