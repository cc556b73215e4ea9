namespace MediaActors.Hardware.K230.Native;

/// <summary>k_bool of k_type.h: an int-sized enum, not a C bool.</summary>
internal enum MppBool
{
    False = 0,
    True = 1,
}
