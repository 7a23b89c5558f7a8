namespace DualReader.Firmware.Emv
{
    /// <summary>
    /// The one PAN masking rule of the firmware (ARCHITECTURE.md, "Contracts"; PCI DSS 3.4 display rule): of a PAN of 12 to 19
    /// digits (ISO/IEC 7812-1) only the first 6 digits (the issuer identification number) and the last 4 are shown,
    /// every digit between is '*'. A shorter PAN is masked whole: at 11 digits "6 + 4" would show all but one digit.
    /// The EMV reader masks with it; the host link's transaction record refuses to encode a PAN that fails
    /// <see cref="IsMasked"/>, and the PC tool withholds one.
    /// </summary>
    public static class PanMasking
    {
        /// <summary>Shortest PAN whose leading and trailing digits may be shown (ISO/IEC 7812-1).</summary>
        public const int MinimumDigits = 12;

        /// <summary>Longest PAN (ISO/IEC 7812-1).</summary>
        public const int MaximumDigits = 19;

        /// <summary>Leading digits shown: the issuer identification number.</summary>
        public const int LeadingDigits = 6;

        /// <summary>Trailing digits shown.</summary>
        public const int TrailingDigits = 4;

        /// <summary>True when digit <paramref name="index"/> of a <paramref name="digits"/>-digit PAN may be shown.</summary>
        public static bool IsShown(int index, int digits)
        {
            return digits >= MinimumDigits && (index < LeadingDigits || index >= digits - TrailingDigits);
        }

        /// <summary>
        /// Masks <paramref name="count"/> digits without ever building the full PAN as a string: with
        /// <paramref name="bcd"/> the digits are the nibbles of <paramref name="buffer"/> from
        /// <paramref name="offset"/> (high nibble first, as in EMV tags 5A and 57), otherwise one digit value (0..9)
        /// per byte. A PAN under <see cref="MinimumDigits"/> digits comes back all '*'.
        /// </summary>
        public static string Mask(byte[] buffer, int offset, int count, bool bcd)
        {
            char[] text = new char[count];
            bool any = count >= MinimumDigits;
            for (int index = 0; index < count; index++)
            {
                // IsShown and the digit, written out: two calls a digit are most of this loop's cost on the interpreter.
                if (any && (index < LeadingDigits || index >= count - TrailingDigits))
                {
                    byte value = bcd ? buffer[offset + (index >> 1)] : buffer[offset + index];
                    int digit = !bcd ? value : (index & 1) == 0 ? value >> 4 : value & 0x0F;
                    text[index] = (char)('0' + digit);
                }
                else
                {
                    text[index] = '*';
                }
            }

            return new string(text);
        }

        /// <summary>True when <paramref name="masked"/> is a 12 to 19 digit PAN masked exactly by the rule.</summary>
        public static bool IsMasked(string masked)
        {
            if (masked == null || masked.Length < MinimumDigits || masked.Length > MaximumDigits)
            {
                return false;
            }

            int length = masked.Length;
            int trailing = length - TrailingDigits;
            for (int index = 0; index < length; index++)
            {
                char c = masked[index];
                if (index < LeadingDigits || index >= trailing ? (c < '0' || c > '9') : c != '*')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
