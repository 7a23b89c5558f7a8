using DualReader.Firmware.Iso14443;
using DualReader.Sim.Nfc;

namespace DualReader.Tests.Support
{
    /// <summary>
    /// The ISO-DEP stand-in of the MFRC522 fault tests, at a chosen bit rate: RATS gets the shortest ATS (TL = 1),
    /// S(DESELECT) is answered (C2) and deselects, any other frame "PCB n" gets PCB followed by the n pattern bytes
    /// A1, A2, ... so the exact answer to every frame is known and a wrong byte handed up as Ok can be counted.
    /// </summary>
    public sealed class LengthProtocol : IPiccProtocol
    {
        private BitRate rate = BitRate.Kbps106;
        private bool deselected;

        /// <summary>Both directions' bit rate (set it together with the driver's, as a PPS would).</summary>
        public BitRate Rate
        {
            get { return rate; }
            set { rate = value; }
        }

        public bool Deselected
        {
            get { return deselected; }
        }

        public BitRate PcdToPiccRate
        {
            get { return rate; }
        }

        public BitRate PiccToPcdRate
        {
            get { return rate; }
        }

        public int HandleFrame(byte[] frame, int offset, int count, byte[] response, int responseOffset, out int processingMicroseconds)
        {
            processingMicroseconds = 0;
            if (frame[offset] == 0xE0)
            {
                response[responseOffset] = 0x01;
                return 1;
            }

            if (frame[offset] == 0xC2)
            {
                deselected = true;
                response[responseOffset] = 0xC2;
                return 1;
            }

            int length = count > 1 ? frame[offset + 1] : 0;
            response[responseOffset] = frame[offset];
            for (int i = 1; i <= length; i++)
            {
                response[responseOffset + i] = (byte)(0xA0 + i);
            }

            return 1 + length;
        }

        public void Reset()
        {
            // The rate stays as the test set it (the PICC never leaves the field in these tests).
            deselected = false;
        }

        /// <summary>The name of a case kind of the glitch test: bit 0 = 848 kbit/s, bit 1 = MISO-only glitch, bit 2 = the
        /// chip checks CRC_A at 106 kbit/s (software CRC off).</summary>
        public static string KindName(int kind)
        {
            return ((kind & 1) != 0 ? "848 kbit/s" : (kind & 4) != 0 ? "106 kbit/s chip CRC" : "106 kbit/s software CRC") + ((kind & 2) != 0 ? ", MISO-only glitch" : ", whole-transfer glitch");
        }

        /// <summary>True when <paramref name="received"/> bytes are exactly the answer to "02 <paramref name="length"/>".</summary>
        public static bool IsAnswer(byte[] rx, int received, int length)
        {
            if (received != 1 + length || rx[0] != 0x02)
            {
                return false;
            }

            for (int i = 1; i <= length; i++)
            {
                if (rx[i] != (byte)(0xA0 + i))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
