using DualReader.Firmware.Emv;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// The PAN masking rule of the records (ARCHITECTURE.md, "Contracts"): only the first 6 digits (the issuer identification
    /// number) and the last 4 digits are shown, every digit between is '*'. PANs are 12 to 19 digits (ISO/IEC 7812-1).
    /// The rule itself is <see cref="PanMasking"/> (EMV layer, below the host link); this is the record side of it.
    /// </summary>
    public static class PanMask
    {
        public const int MinimumDigits = PanMasking.MinimumDigits;
        public const int MaximumDigits = PanMasking.MaximumDigits;

        /// <summary>True when <paramref name="masked"/> follows the rule exactly.</summary>
        public static bool IsMasked(string masked)
        {
            return PanMasking.IsMasked(masked);
        }
    }
}
