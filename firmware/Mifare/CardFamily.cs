namespace DualReader.Firmware.Mifare
{
    /// <summary>
    /// The storage-card families the reader tells apart (<see cref="CardFamilyDetector"/>). Values are only added,
    /// never renumbered; the host-facing names are <see cref="CardFamilyNames"/>.
    /// </summary>
    public enum CardFamily : byte
    {
        /// <summary>Not one of the families below (or not detected yet).</summary>
        Unknown = 0,
        /// <summary>MIFARE Classic 1K (MF1S50: SAK 08h, 16 sectors of 4 blocks).</summary>
        MifareClassic1K = 1,
        /// <summary>MIFARE Classic 4K (MF1S70: SAK 18h, 32 sectors of 4 blocks and 8 of 16).</summary>
        MifareClassic4K = 2,
        /// <summary>MIFARE Ultralight (MF0ICU1, 16 pages; or an Ultralight EV1 by GET_VERSION).</summary>
        MifareUltralight = 3,
        /// <summary>NTAG213 (45 pages, 144 bytes of user memory).</summary>
        Ntag213 = 4,
        /// <summary>NTAG215 (135 pages, 504 bytes of user memory).</summary>
        Ntag215 = 5,
        /// <summary>NTAG216 (231 pages, 888 bytes of user memory).</summary>
        Ntag216 = 6
    }

    /// <summary>The one name table of <see cref="CardFamily"/>: the <c>card_type</c> strings of the host link.</summary>
    public static class CardFamilyNames
    {
        private static readonly string[] Names = new string[]
        {
            "unknown",
            "mifare_classic_1k",
            "mifare_classic_4k",
            "mifare_ultralight",
            "ntag213",
            "ntag215",
            "ntag216"
        };

        /// <summary>The name of <paramref name="family"/>: the six card_type strings, and "unknown" for
        /// <see cref="CardFamily.Unknown"/> (not a card_type: a record of an unknown card carries none). Never null
        /// (comparing strings with null misbehaves on the v1 interpreter).</summary>
        public static string Name(CardFamily family)
        {
            int index = (int)family;
            return index > 0 && index < Names.Length ? Names[index] : Names[0];
        }

        /// <summary>The family named <paramref name="name"/> (exact, lower case); false for anything else.</summary>
        public static bool TryParse(string name, out CardFamily family)
        {
            for (int i = 1; i < Names.Length; i++)
            {
                if (Names[i] == name)
                {
                    family = (CardFamily)i;
                    return true;
                }
            }

            family = CardFamily.Unknown;
            return false;
        }

        /// <summary>True for the two MIFARE Classic families.</summary>
        public static bool IsClassic(CardFamily family)
        {
            return family == CardFamily.MifareClassic1K || family == CardFamily.MifareClassic4K;
        }

        /// <summary>True for the NFC Forum Type 2 families (Ultralight, NTAG21x).</summary>
        public static bool IsType2(CardFamily family)
        {
            return family == CardFamily.MifareUltralight || family == CardFamily.Ntag213 || family == CardFamily.Ntag215 || family == CardFamily.Ntag216;
        }
    }
}
