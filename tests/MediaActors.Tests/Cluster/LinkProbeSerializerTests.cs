using System.Runtime.Serialization;
using Akka.Actor;
using Akka.TestKit.Xunit;
using MediaActors.Cluster;

namespace MediaActors.Tests.Cluster;

/// <summary>The link checks' binary format: round trips, versions, and input that is truncated, corrupt or unknown.</summary>
public sealed class LinkProbeSerializerTests : TestKit
{
    private static readonly Address Board = Address.Parse("akka.tcp://mediaactors@127.0.0.1:4054");
    private readonly LinkProbeSerializer _serializer;

    public LinkProbeSerializerTests(ITestOutputHelper output)
        : base(WireFormatChecks.LocalWithClusterSerialization, output: output)
    {
        _serializer = new LinkProbeSerializer((ExtendedActorSystem)Sys);
    }

    private static IEnumerable<object> Samples() =>
    [
        new LinkProbe.Ping(long.MaxValue),
        new LinkProbe.Pong(-1),
        new LinkProbe.CanYouReach(Board, 42),
        new LinkProbe.Reach(Board, 42, Reached: true),
        new LinkProbe.Reach(Board, 43, Reached: false),
    ];

    [Fact]
    public void Every_probe_message_round_trips_through_the_systems_binding_with_identifier_232()
    {
        foreach (var message in Samples())
        {
            var serializer = Sys.Serialization.FindSerializerFor(message);
            Assert.IsType<LinkProbeSerializer>(serializer);
            Assert.Equal(232, serializer.Identifier);
            Assert.Equal(message, _serializer.FromBinary(_serializer.ToBinary(message), _serializer.Manifest(message)));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_format_version_this_node_does_not_read_is_rejected_naming_it(byte version) =>
        WireFormatChecks.AssertOtherVersionRejected(_serializer, Samples(), LinkProbeSerializer.FormatVersion, version);

    [Fact]
    public void Every_truncation_of_every_message_and_every_extra_byte_is_rejected() =>
        WireFormatChecks.AssertTruncationsAndExtraBytesRejected(_serializer, Samples());

    [Fact]
    public void An_address_that_is_not_one_and_an_answer_that_is_not_a_bit_are_rejected_naming_them()
    {
        var question = _serializer.ToBinary(new LinkProbe.CanYouReach(Board, 1));
        question[5] = (byte)'%';
        Assert.Contains("is not an actor system address", Assert.Throws<SerializationException>(() => _serializer.FromBinary(question, "C")).Message);

        var answer = _serializer.ToBinary(new LinkProbe.Reach(Board, 1, true));
        answer[^1] = 2;
        Assert.Contains("the answer is 2", Assert.Throws<SerializationException>(() => _serializer.FromBinary(answer, "V")).Message);

        Assert.Contains("'Z'", Assert.Throws<SerializationException>(() => _serializer.FromBinary([LinkProbeSerializer.FormatVersion], "Z")).Message);
    }

    [Fact]
    public void Random_and_mutated_input_under_every_manifest_is_read_or_rejected_with_a_SerializationException() =>
        WireFormatChecks.AssertGarbageReadOrRejected(_serializer, Samples(), LinkProbeSerializer.FormatVersion, iterations: 4000);
}
