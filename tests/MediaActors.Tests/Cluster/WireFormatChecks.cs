using System.Runtime.Serialization;
using Akka.Configuration;
using Akka.Serialization;
using CsCheck;
using MediaActors.Configuration;

namespace MediaActors.Tests.Cluster;

/// <summary>The checks every binary serializer of ours must pass, whatever its messages: strict reading of versions, lengths and garbage.</summary>
public static class WireFormatChecks
{
    /// <summary>A cluster node's settings (serializers and bindings) for a TestKit, without starting remoting.</summary>
    public static readonly Config LocalWithClusterSerialization =
        ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(MediaActorsConfig.Cluster);

    /// <summary>Each sample with its version byte replaced by <paramref name="version"/> is refused, naming that version.</summary>
    public static void AssertOtherVersionRejected(SerializerWithStringManifest serializer, IEnumerable<object> samples, byte formatVersion, byte version)
    {
        foreach (var message in samples)
        {
            var bytes = serializer.ToBinary(message);
            Assert.Equal(formatVersion, bytes[0]);
            bytes[0] = version;

            var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, serializer.Manifest(message)));
            Assert.Contains($"format version {version}", error.Message);
        }
    }

    /// <summary>Every prefix of each sample is refused, naming its length, and so is the sample with one byte more.</summary>
    public static void AssertTruncationsAndExtraBytesRejected(SerializerWithStringManifest serializer, IEnumerable<object> samples)
    {
        foreach (var message in samples)
        {
            var bytes = serializer.ToBinary(message);
            var manifest = serializer.Manifest(message);
            for (var length = 0; length < bytes.Length; length++)
            {
                var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..length], manifest));
                Assert.Contains($"from {length} bytes", error.Message);
            }
            Assert.Throws<SerializationException>(() => serializer.FromBinary([.. bytes, 0], manifest));
        }
    }

    /// <summary>
    /// Samples with random bytes changed, and random bytes behind a valid version byte, under each
    /// sample's manifest, are read or refused with a <see cref="SerializationException"/>, never anything else
    /// (which would make Akka.Remote drop the association).
    /// </summary>
    public static void AssertGarbageReadOrRejected(SerializerWithStringManifest serializer, IEnumerable<object> samples, byte formatVersion, int iterations)
    {
        var valid = samples.Select(message => (Bytes: serializer.ToBinary(message), Manifest: serializer.Manifest(message))).ToArray();
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Select(Gen.Int[0, 400], Gen.Byte).Array[1, 4], Gen.Byte.Array[0, 64])
            .Sample(sample =>
            {
                var (index, mutations, random) = sample;
                var mutated = (byte[])valid[index].Bytes.Clone();
                foreach (var (position, value) in mutations)
                {
                    mutated[position % mutated.Length] = value;
                }

                ReadOrReject(serializer, mutated, valid[index].Manifest);
                ReadOrReject(serializer, random, valid[index].Manifest);
                ReadOrReject(serializer, [formatVersion, .. random], valid[index].Manifest);
            }, iter: iterations, seed: "0N0XIzNsQ0O2");
    }

    private static void ReadOrReject(SerializerWithStringManifest serializer, byte[] bytes, string manifest)
    {
        try
        {
            serializer.FromBinary(bytes, manifest);
        }
        catch (SerializationException)
        {
        }
    }
}
