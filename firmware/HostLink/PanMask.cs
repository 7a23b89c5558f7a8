namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// The PAN masking rule of the records (DESIGN.md contracts): only the first 6 digits (the issuer identification
    /// number) and the last 4 digits are shown, every digit between is '*'. PANs are 12 to 19 digits (ISO/IEC 7812-1).
    /// </summary>
    public static class PanMask
    {
        public const int MinimumDigits = 12;
        public const int MaximumDigits = 19;

        /// <summary>True when <paramref name="masked"/> follows the rule exactly.</summary>
        public static bool IsMasked(string masked)
        {
            if (masked == null || masked.Length < MinimumDigits || masked.Length > MaximumDigits)
            {
                return false;
            }

            for (int index = 0; index < masked.Length; index++)
            {
                char c = masked[index];
                bool shown = index < 6 || index >= masked.Length - 4;
                if (shown ? (c < '0' || c > '9') : c != '*')
                {
                    return false;
                }
            }

            return true;
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
                int value = Nibble(buffer, offset, nibble);
                if (value > 9)
                {
                    break;
                }

                digits++;
            }

            if (digits < MinimumDigits || digits > MaximumDigits)
            {
                return null;
            }

            char[] masked = new char[digits];
            for (int index = 0; index < digits; index++)
            {
                bool shown = index < 6 || index >= digits - 4;
                masked[index] = shown ? (char)('0' + Nibble(buffer, offset, index)) : '*';
            }

            return new string(masked);
        }

        private static int Nibble(byte[] buffer, int offset, int nibble)
        {
            byte value = buffer[offset + (nibble >> 1)];
            return (nibble & 1) == 0 ? value >> 4 : value & 0x0F;
        }
    }
}
