using System;
using DualReader.Firmware.Iso14443;

namespace DualReader.Firmware.Mifare
{
    /// <summary>
    /// Tells the storage-card family of a selected PICC from its SAK and ATQA and, for Type 2 tags, GET_VERSION:
    /// SAK 08h = MIFARE Classic 1K, 18h = Classic 4K (NXP AN10833 "MIFARE type identification procedure", table 6);
    /// SAK 00h with ATQA 0044h = a Type 2 tag, whose GET_VERSION names NTAG213/215/216 or Ultralight EV1, and which is
    /// an original MIFARE Ultralight when it has no GET_VERSION (it stays mute and returns to IDLE).
    /// </summary>
    public sealed class CardFamilyDetector
    {
        private readonly Type2Tag tag;
        private readonly byte[] version = new byte[Type2Tag.VersionLength];

        /// <summary>A detector that asks Type 2 tags through <paramref name="tag"/>.</summary>
        public CardFamilyDetector(Type2Tag tag)
        {
            if (tag == null)
            {
                throw new ArgumentNullException("tag");
            }

            this.tag = tag;
        }

        /// <summary>True after <see cref="Detect"/> left the tag in IDLE (no GET_VERSION, a NAK, or a damaged answer):
        /// re-activate it (WUPA, anticollision, SELECT) before reading it.</summary>
        public bool NeedsReactivation { get; private set; }

        /// <summary>The GET_VERSION bytes of the last Type 2 detection (8 bytes; zero when there were none).</summary>
        public byte[] Version
        {
            get { return version; }
        }

        /// <summary>The family by SAK and ATQA alone: the two Classic families, else <see cref="CardFamily.Unknown"/>
        /// (a Type 2 tag needs <see cref="Detect"/>).</summary>
        public static CardFamily FromSelect(byte sak, byte[] atqa)
        {
            if (sak == 0x08)
            {
                return CardFamily.MifareClassic1K;
            }

            if (sak == 0x18)
            {
                return CardFamily.MifareClassic4K;
            }

            return CardFamily.Unknown;
        }

        /// <summary>True for SAK 00h with ATQA 0044h (received as 44 00): a Type 2 tag (Ultralight, NTAG).</summary>
        public static bool IsType2Candidate(byte sak, byte[] atqa)
        {
            if (atqa == null)
            {
                throw new ArgumentNullException("atqa");
            }

            return sak == 0x00 && atqa[0] == 0x44 && atqa[1] == 0x00;
        }

        /// <summary>
        /// The family of the selected PICC <paramref name="identity"/>; for a Type 2 candidate one GET_VERSION exchange.
        /// </summary>
        public CardFamily Detect(PiccIdentity identity)
        {
            if (identity == null)
            {
                throw new ArgumentNullException("identity");
            }

            NeedsReactivation = false;
            Array.Clear(version, 0, version.Length);
            CardFamily byCode = FromSelect(identity.Sak, identity.Atqa);
            if (byCode != CardFamily.Unknown || !IsType2Candidate(identity.Sak, identity.Atqa))
            {
                return byCode;
            }

            MifareResult result = tag.GetVersion(version, 0);
            if (result == MifareResult.Ok)
            {
                return Type2Tag.FamilyFromVersion(version, 0);
            }

            NeedsReactivation = true;
            if (result == MifareResult.NoResponse || result == MifareResult.Nak)
            {
                // MF0ICU1 has no GET_VERSION (its command set, section 9); NTAG21x and Ultralight EV1 always answer it.
                return CardFamily.MifareUltralight;
            }

            return CardFamily.Unknown;
        }
    }
}
