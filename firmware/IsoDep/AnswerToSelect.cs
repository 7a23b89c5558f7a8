using System;

namespace DualReader.Firmware.IsoDep
{
    /// <summary>
    /// The parsed answer to select (ISO/IEC 14443-4, 5.2): TL, T0 (FSCI and the presence of TA/TB/TC), TA(1) bit
    /// rate capabilities, TB(1) FWI/SFGI, TC(1) NAD/CID support, historical bytes. Filled in place by
    /// <see cref="TryParse"/> (no allocation): the raw bytes are kept in an internal buffer.
    /// </summary>
    public sealed class AnswerToSelect
    {
        /// <summary>Default FSCI when T0 is absent (5.2.3: FSCI = 2, FSC = 32 bytes).</summary>
        public const int DefaultFrameSizeIndex = 2;

        /// <summary>Default FWI when TB(1) is absent (5.2.5: FWI = 4, about 4.8 ms).</summary>
        public const int DefaultFrameWaitingIndex = 4;

        /// <summary>Longest ATS accepted: TL is one byte and the ATS never exceeds FSD - 2 (5.2.1); 254 at most.</summary>
        public const int MaximumLength = 254;

        // T0 presence bits, ISO/IEC 14443-4 5.2.3: b5 = TA(1), b6 = TB(1), b7 = TC(1); b8 must be 0.
        private const int TaPresent = 0x10;
        private const int TbPresent = 0x20;
        private const int TcPresent = 0x40;
        private const int T0Reserved = 0x80;

        private readonly byte[] raw = new byte[MaximumLength];

        /// <summary>Bytes of the last ATS, TL included (copy them with <see cref="CopyTo"/>).</summary>
        public int Length { get; private set; }

        /// <summary>FSCI (T0 b4-b1), defaulted when absent.</summary>
        public int FrameSizeIndex { get; private set; }

        /// <summary>FSC: the largest frame the PICC accepts, CRC included (5.2.3, table 1).</summary>
        public int FrameSizeForCard
        {
            get { return FrameSizeFromIndex(FrameSizeIndex); }
        }

        /// <summary>True when TA(1) was sent.</summary>
        public bool HasBitRateCapabilities { get; private set; }

        /// <summary>TA(1) b8: the PICC needs the same divisor in both directions.</summary>
        public bool SameBitRateBothDirections { get; private set; }

        /// <summary>TA(1) b7-b5 as a mask of <see cref="Iso14443.BitRate"/> codes the PICC can send at (DS): bit n = rate n.
        /// Always includes 106 kbit/s.</summary>
        public int PiccToPcdRates { get; private set; }

        /// <summary>TA(1) b3-b1 as a mask of rates the PICC can receive at (DR), 106 kbit/s included.</summary>
        public int PcdToPiccRates { get; private set; }

        /// <summary>FWI (TB(1) b8-b5), defaulted to 4 when absent or RFU (15).</summary>
        public int FrameWaitingIndex { get; private set; }

        /// <summary>SFGI (TB(1) b4-b1), 0 when absent or RFU (15).</summary>
        public int StartUpFrameGuardIndex { get; private set; }

        /// <summary>TC(1) b1: the PICC accepts NAD.</summary>
        public bool NadSupported { get; private set; }

        /// <summary>TC(1) b2: the PICC accepts CID.</summary>
        public bool CidSupported { get; private set; }

        /// <summary>Offset of the historical bytes inside the ATS.</summary>
        public int HistoricalOffset { get; private set; }

        /// <summary>Number of historical bytes.</summary>
        public int HistoricalCount { get; private set; }

        /// <summary>
        /// True when the historical bytes carry ISO/IEC 7816-4 card capabilities (category 80, compact-TLV tag 7,
        /// third software function byte b7, 8.1.1.2.7) announcing extended Lc/Le.
        /// </summary>
        public bool SupportsExtendedLength { get; private set; }

        /// <summary>The ATS byte at <paramref name="index"/> (TL is index 0).</summary>
        public byte this[int index]
        {
            get
            {
                if (index < 0 || index >= Length)
                {
                    throw new ArgumentOutOfRangeException("index");
                }

                return raw[index];
            }
        }

        /// <summary>FSC or FSD for an FSCI/FSDI code (5.2.3 table 1; codes above 8 count as 8, 256 bytes).</summary>
        public static int FrameSizeFromIndex(int index)
        {
            switch (index)
            {
                case 0: return 16;
                case 1: return 24;
                case 2: return 32;
                case 3: return 40;
                case 4: return 48;
                case 5: return 64;
                case 6: return 96;
                case 7: return 128;
                default: return 256;
            }
        }

        /// <summary>Copies the raw ATS (TL included) and returns its length.</summary>
        public int CopyTo(byte[] destination, int offset)
        {
            Array.Copy(raw, 0, destination, offset, Length);
            return Length;
        }

        /// <summary>
        /// Parses an ATS as received (CRC removed). False, with <see cref="Length"/> 0, when it is malformed: empty,
        /// TL different from the received length, TL above <paramref name="frameSizeForDevice"/> - 2, T0 b8 set,
        /// or fewer bytes than T0 announces for TA/TB/TC.
        /// </summary>
        public bool TryParse(byte[] buffer, int offset, int count, int frameSizeForDevice)
        {
            Reset();
            if (count < 1 || count > MaximumLength)
            {
                return false;
            }

            int tl = buffer[offset];
            if (tl != count || tl > frameSizeForDevice - 2)
            {
                return false;
            }

            int position = 1;
            int t0 = 0;
            if (tl > 1)
            {
                t0 = buffer[offset + position++];
                if ((t0 & T0Reserved) != 0)
                {
                    return false;
                }

                FrameSizeIndex = t0 & 0x0F;
            }

            int interfaceBytes = ((t0 & TaPresent) != 0 ? 1 : 0) + ((t0 & TbPresent) != 0 ? 1 : 0) + ((t0 & TcPresent) != 0 ? 1 : 0);
            if (position + interfaceBytes > tl)
            {
                return false;
            }

            if ((t0 & TaPresent) != 0)
            {
                int ta = buffer[offset + position++];
                HasBitRateCapabilities = true;
                // 5.2.4: b4 = 1 is RFU; a PCD then must not use any rate but 106 kbit/s.
                if ((ta & 0x08) == 0)
                {
                    SameBitRateBothDirections = (ta & 0x80) != 0;
                    // b5/b6/b7 = DS 2/4/8 (PICC to PCD), b1/b2/b3 = DR 2/4/8 (PCD to PICC); rate code n = divisor 2^n.
                    PiccToPcdRates = 1 | (((ta >> 4) & 0x07) << 1);
                    PcdToPiccRates = 1 | ((ta & 0x07) << 1);
                }
            }

            if ((t0 & TbPresent) != 0)
            {
                int tb = buffer[offset + position++];
                int fwi = tb >> 4;
                int sfgi = tb & 0x0F;
                // 5.2.5: value 15 is RFU; treated as the default (FWI 4, SFGI 0).
                FrameWaitingIndex = fwi == 15 ? DefaultFrameWaitingIndex : fwi;
                StartUpFrameGuardIndex = sfgi == 15 ? 0 : sfgi;
            }

            if ((t0 & TcPresent) != 0)
            {
                int tc = buffer[offset + position++];
                NadSupported = (tc & 0x01) != 0;
                CidSupported = (tc & 0x02) != 0;
            }

            Array.Copy(buffer, offset, raw, 0, count);
            Length = count;
            HistoricalOffset = position;
            HistoricalCount = tl - position;
            SupportsExtendedLength = FindExtendedLength();
            return true;
        }

        /// <summary>Forgets the last ATS and restores the defaults of 5.2.</summary>
        public void Reset()
        {
            Length = 0;
            FrameSizeIndex = DefaultFrameSizeIndex;
            HasBitRateCapabilities = false;
            SameBitRateBothDirections = true;
            PiccToPcdRates = 1;
            PcdToPiccRates = 1;
            FrameWaitingIndex = DefaultFrameWaitingIndex;
            StartUpFrameGuardIndex = 0;
            NadSupported = false;
            CidSupported = false;
            HistoricalOffset = 0;
            HistoricalCount = 0;
            SupportsExtendedLength = false;
        }

        private bool FindExtendedLength()
        {
            // ISO/IEC 7816-4 8.1.1: category indicator 80 = compact-TLV objects follow; tag 7 = card capabilities.
            if (HistoricalCount < 2 || raw[HistoricalOffset] != 0x80)
            {
                return false;
            }

            int position = HistoricalOffset + 1;
            int end = HistoricalOffset + HistoricalCount;
            while (position < end)
            {
                int header = raw[position++];
                int tag = header >> 4;
                int length = header & 0x0F;
                if (position + length > end)
                {
                    return false;
                }

                if (tag == 7 && length >= 3)
                {
                    // Third software function table, b7: "extended Lc and Le fields" (7816-4 8.1.1.2.7, table 87).
                    return (raw[position + 2] & 0x40) != 0;
                }

                position += length;
            }

            return false;
        }
    }
}
