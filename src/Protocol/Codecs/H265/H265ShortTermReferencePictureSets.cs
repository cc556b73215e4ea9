namespace MediaActors.Protocol.Codecs.H265;

/// <summary>
/// num_short_term_ref_pic_sets and the st_ref_pic_set() structures of an SPS (H.265 7.3.7).
/// Only skipped, but a set predicted from the one before it has as many flags as that set has
/// pictures, so each set's delta POCs are derived (equations 7-61 and 7-62) to know how many bits
/// the next one takes.
/// </summary>
internal static class H265ShortTermReferencePictureSets
{
    /// <summary>num_short_term_ref_pic_sets is 0..64.</summary>
    private const uint MaxSets = 64;

    /// <summary>MaxDpbSize is 16: no set lists more pictures than the decoded picture buffer holds.</summary>
    private const uint MaxPicturesPerSet = 16;

    /// <summary>delta_poc_s0_minus1, delta_poc_s1_minus1 and abs_delta_rps_minus1 are 0..2^15 - 1.</summary>
    private const uint MaxDeltaMinus1 = (1 << 15) - 1;

    /// <summary>Skips num_short_term_ref_pic_sets and every set.</summary>
    /// <exception cref="InvalidDataException">A set is truncated or holds values out of range.</exception>
    public static void Skip(ref BitReader reader)
    {
        var count = reader.ReadUnsignedExpGolomb();
        if (count > MaxSets)
        {
            throw new InvalidDataException("num_short_term_ref_pic_sets out of range.");
        }

        var previous = ReferencePictureSet.Empty;
        for (uint index = 0; index < count; index++)
        {
            // In an SPS a predicted set always refers to the set just before it (delta_idx_minus1 is
            // only coded in slice headers).
            var predicted = index != 0 && reader.ReadBit(); // inter_ref_pic_set_prediction_flag
            previous = predicted ? ReadPredicted(ref reader, previous) : ReadExplicit(ref reader);
        }
    }

    private static ReferencePictureSet ReadExplicit(ref BitReader reader)
    {
        var negativeCount = reader.ReadUnsignedExpGolomb(); // num_negative_pics
        var positiveCount = reader.ReadUnsignedExpGolomb(); // num_positive_pics
        if (negativeCount > MaxPicturesPerSet || positiveCount > MaxPicturesPerSet - negativeCount)
        {
            throw new InvalidDataException("A short-term reference picture set lists more pictures than a DPB holds.");
        }

        return new ReferencePictureSet(
            ReadDeltaPocs(ref reader, (int)negativeCount, direction: -1),
            ReadDeltaPocs(ref reader, (int)positiveCount, direction: 1));
    }

    /// <summary>Reads delta_poc_sX_minus1 / used_by_curr_pic_sX_flag pairs into cumulative POC distances.</summary>
    private static int[] ReadDeltaPocs(ref BitReader reader, int count, int direction)
    {
        var deltaPocs = new int[count];
        var deltaPoc = 0;
        for (var i = 0; i < count; i++)
        {
            deltaPoc += direction * (ReadDeltaMinus1(ref reader) + 1);
            reader.SkipBits(1); // used_by_curr_pic_sX_flag
            deltaPocs[i] = deltaPoc;
        }

        return deltaPocs;
    }

    /// <summary>A set coded as the reference set shifted by deltaRps, each picture kept or not by flags.</summary>
    private static ReferencePictureSet ReadPredicted(ref BitReader reader, ReferencePictureSet reference)
    {
        var negativeShift = reader.ReadBit(); // delta_rps_sign
        var deltaRps = (ReadDeltaMinus1(ref reader) + 1) * (negativeShift ? -1 : 1); // abs_delta_rps_minus1

        // One flag pair per picture of the reference set, and a last one for the reference picture itself.
        var flagCount = reference.Count + 1;
        Span<bool> useDelta = stackalloc bool[flagCount];
        for (var j = 0; j < flagCount; j++)
        {
            var usedByCurrentPicture = reader.ReadBit(); // used_by_curr_pic_flag
            useDelta[j] = usedByCurrentPicture || reader.ReadBit(); // use_delta_flag, inferred 1 when used
        }

        return reference.Shifted(deltaRps, useDelta);
    }

    private static int ReadDeltaMinus1(ref BitReader reader)
    {
        var value = reader.ReadUnsignedExpGolomb();
        return value <= MaxDeltaMinus1 ? (int)value : throw new InvalidDataException("A POC delta is out of range.");
    }

    /// <summary>The POC distances of one set's pictures: before the current picture (negative, nearest first) and after it.</summary>
    private sealed record ReferencePictureSet(int[] Negative, int[] Positive)
    {
        public static readonly ReferencePictureSet Empty = new([], []);

        /// <summary>NumDeltaPocs.</summary>
        public int Count => Negative.Length + Positive.Length;

        /// <summary>
        /// Equations 7-61 and 7-62: every picture of this set, and the reference picture itself
        /// (at <paramref name="deltaRps"/>), moved by <paramref name="deltaRps"/> and kept where its
        /// use_delta_flag is set (indexed negatives first, then positives, then the reference picture).
        /// </summary>
        public ReferencePictureSet Shifted(int deltaRps, ReadOnlySpan<bool> useDelta)
        {
            var negative = new List<int>();
            var positive = new List<int>();
            var referencePictureFlag = Count;
            for (var j = Positive.Length - 1; j >= 0; j--)
            {
                AddIf(negative, Positive[j] + deltaRps, useDelta[Negative.Length + j], keepNegative: true);
            }

            AddIf(negative, deltaRps, useDelta[referencePictureFlag], keepNegative: true);
            for (var j = 0; j < Negative.Length; j++)
            {
                AddIf(negative, Negative[j] + deltaRps, useDelta[j], keepNegative: true);
            }

            for (var j = Negative.Length - 1; j >= 0; j--)
            {
                AddIf(positive, Negative[j] + deltaRps, useDelta[j], keepNegative: false);
            }

            AddIf(positive, deltaRps, useDelta[referencePictureFlag], keepNegative: false);
            for (var j = 0; j < Positive.Length; j++)
            {
                AddIf(positive, Positive[j] + deltaRps, useDelta[Negative.Length + j], keepNegative: false);
            }

            if (negative.Count + positive.Count > MaxPicturesPerSet)
            {
                throw new InvalidDataException("A predicted short-term reference picture set lists more pictures than a DPB holds.");
            }

            return new ReferencePictureSet([.. negative], [.. positive]);
        }

        private static void AddIf(List<int> pictures, int deltaPoc, bool useDelta, bool keepNegative)
        {
            var onThisSide = keepNegative ? deltaPoc < 0 : deltaPoc > 0;
            if (useDelta && onThisSide)
            {
                pictures.Add(deltaPoc);
            }
        }
    }
}
