using MediaActors.Protocol.Codecs.H265;

namespace MediaActors.Protocol.Tests.Codecs.H265;

public sealed class H265ProfileTierLevelTests
{
    [Fact]
    public void Reads_the_general_profile_tier_and_level_of_an_sps()
    {
        Assert.True(H265ProfileTierLevel.TryReadFromSps(H265Samples.Sps1280x720Main10, out var profile));

        Assert.Equal(new H265ProfileTierLevel(0, false, 2, 0x20000000, 0x900000000000, 93), profile);
    }

    [Fact]
    public void Needs_only_the_bytes_through_general_level_idc()
    {
        // Three emulation prevention bytes lie inside the 15 RBSP bytes, so the NAL unit needs 18.
        var truncated = H265Samples.Sps1280x720Main.AsSpan(0, 18);

        Assert.True(H265ProfileTierLevel.TryReadFromSps(truncated, out var profile));
        Assert.Equal(93, profile.LevelId);
        Assert.False(H265ProfileTierLevel.TryReadFromSps(truncated[..17], out _));
        Assert.False(H265SequenceParameterSet.TryParse(truncated, out _));
    }

    [Fact]
    public void Rejects_other_nal_types_and_a_reserved_sub_layer_count()
    {
        byte[] reservedSubLayers = [.. H265Samples.Sps1280x720Main];
        reservedSubLayers[2] = 0x0F; // sps_max_sub_layers_minus1 = 7

        Assert.False(H265ProfileTierLevel.TryReadFromSps(H265Samples.Vps1280x720Main, out _));
        Assert.False(H265ProfileTierLevel.TryReadFromSps(reservedSubLayers, out _));
        Assert.False(H265SequenceParameterSet.TryParse(reservedSubLayers, out _));
        Assert.False(H265ProfileTierLevel.TryReadFromSps([], out _));
    }
}
