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

        /// <summary>
        /// Masks a PAN held as BCD (EMV tag 5A or the digits of tag 57 before the 'D' separator), without ever
        /// building the full PAN as a string. Nibble 0xF pads an odd length; 0xD ends track 2 data.
        /// </summary>
        /// <returns>The masked PAN, or null when the digits are not a 12..19 digit PAN.</returns>
        public static string FromBcd(byte[] buffer, int offset, int count)
        {
            int digits = 0;
            for (int nibble = 0; nibble < count * 2; nibble++)
            {
                byte value = buffer[offset + (nibble >> 1)];
                if (((nibble & 1) == 0 ? value >> 4 : value & 0x0F) > 9)
                {
                    break;
                }

                digits++;
            }

            if (digits < MinimumDigits || digits > MaximumDigits)
            {
                return null;
            }

            return PanMasking.Mask(buffer, offset, digits, true);
        }
    }
}
