namespace MediaActors.Protocol.Codecs.H265;

/// <summary>
/// scaling_list_data() (H.265 7.3.4): custom quantisation matrices an SPS or PPS may carry. Only
/// skipped: a server needs to get past them, not to apply them.
/// </summary>
internal static class H265ScalingListData
{
    /// <summary>Transform sizes 4x4, 8x8, 16x16 and 32x32.</summary>
    private const int SizeCount = 4;

    /// <summary>Six matrices per size (intra and inter, for Y, Cb and Cr)...</summary>
    private const int MatrixCount = 6;

    /// <summary>... except 32x32, which has luma matrices only: matrixId steps by 3.</summary>
    private const int LargestSizeId = 3;

    private const int LargestSizeMatrixStep = 3;

    /// <summary>No list holds more than 64 coded coefficients; larger sizes upsample an 8x8 list.</summary>
    private const int MaxCoefficients = 64;

    /// <summary>Sizes 16x16 and 32x32 code their DC coefficient separately.</summary>
    private const int FirstSizeIdWithDcCoefficient = 2;

    /// <summary>Skips the whole structure.</summary>
    /// <exception cref="InvalidDataException">The structure is truncated.</exception>
    public static void Skip(ref BitReader reader)
    {
        for (var sizeId = 0; sizeId < SizeCount; sizeId++)
        {
            var matrixStep = sizeId == LargestSizeId ? LargestSizeMatrixStep : 1;
            for (var matrixId = 0; matrixId < MatrixCount; matrixId += matrixStep)
            {
                if (!reader.ReadBit()) // scaling_list_pred_mode_flag
                {
                    reader.ReadUnsignedExpGolomb(); // scaling_list_pred_matrix_id_delta
                    continue;
                }

                if (sizeId >= FirstSizeIdWithDcCoefficient)
                {
                    reader.ReadSignedExpGolomb(); // scaling_list_dc_coef_minus8
                }

                var coefficients = Math.Min(MaxCoefficients, 1 << (4 + (sizeId << 1)));
                for (var i = 0; i < coefficients; i++)
                {
                    reader.ReadSignedExpGolomb(); // scaling_list_delta_coef
                }
            }
        }
    }
}
