namespace MediaActors.Hardware.K230.Native;

/// <summary>Turns the MPP's integer results into exceptions that name the call and its error code.</summary>
internal static class MppResult
{
    /// <summary>Throws when <paramref name="result"/> is not 0 (K_SUCCESS).</summary>
    /// <exception cref="IOException">The call failed; the message names it and its K_ERR code.</exception>
    public static void Check(int result, string function)
    {
        if (result != 0)
        {
            throw Failure(result, function);
        }
    }

    /// <summary>The exception for a failed call, for callers that handle some codes themselves.</summary>
    public static IOException Failure(int result, string function) =>
        new($"{function} failed with MPP error 0x{result:X8}; k_errno.h: module id in bits 16-23, error id in bits 0-12.");
}
