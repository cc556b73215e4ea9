using MediaActors.Protocol.Codecs.H264;

namespace MediaActors.Protocol.Tests.Codecs.H264;

public sealed class EmulationPreventionTests
{
    [Theory]
    [InlineData(new byte[] { 1, 0, 0, 3, 1 }, new byte[] { 1, 0, 0, 1 })]
    [InlineData(new byte[] { 0, 0, 3, 0, 0, 3 }, new byte[] { 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 3, 3 }, new byte[] { 0, 0, 3 })]
    [InlineData(new byte[] { 0, 3, 0, 3 }, new byte[] { 0, 3, 0, 3 })]
    [InlineData(new byte[] { 5, 6 }, new byte[] { 5, 6 })]
    [InlineData(new byte[0], new byte[0])]
    public void ToRbsp_removes_the_03_of_each_00_00_03(byte[] payload, byte[] expected)
    {
        Assert.Equal(expected, EmulationPrevention.ToRbsp(payload));
    }
}
