using DualReader.Firmware.Iso14443;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Nfc
{
    /// <summary>
    /// Frames on air, byte for byte, against the Proxmark3 traces in reference/iso14443-real-traces.txt, and the
    /// CRC_A vectors of reference/README.md.
    /// </summary>
    [TestClass]
    public class AirTraceTests
    {
        [TestMethod]
        public void FourByteUidTraceMatches()
        {
            // hf_14a_reader_4b_rats: WUPA 52 -> 04 03, 93 20 -> a1 a2 a3 a4 04, 93 70 ... 5f cd -> 20 fc 70.
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes("A1A2A3A4"), NfcTestSupport.Bytes("0403"), 0x20);
            board.Chip.RecordTrace = true;
            PiccIdentity identity = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(true, identity));
            Assert.AreEqual(
                "PCD 52 (7 bits)|PICC 04 03|PCD 93 20|PICC a1 a2 a3 a4 04|PCD 93 70 a1 a2 a3 a4 04 5f cd|PICC 20 fc 70",
                NfcTestSupport.TraceText(board.Chip.Trace));
        }

        [TestMethod]
        public void SevenByteUidTraceMatches()
        {
            // hf_14a_reader_7b_rats, both cascade levels.
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes("048D2432273B80"), NfcTestSupport.Bytes("4403"), 0x20);
            board.Chip.RecordTrace = true;
            PiccIdentity identity = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(true, identity));
            Assert.AreEqual(
                "PCD 52 (7 bits)|PICC 44 03|PCD 93 20|PICC 88 04 8d 24 25|PCD 93 70 88 04 8d 24 25 6a ba|PICC 24 d8 36"
                + "|PCD 95 20|PICC 32 27 3b 80 ae|PCD 95 70 32 27 3b 80 ae ca f4|PICC 20 fc 70",
                NfcTestSupport.TraceText(board.Chip.Trace));
        }

        [TestMethod]
        public void ApplePayHaltAndSelectTraceMatches()
        {
            // hf_visa_apple_normal: HLTA 50 00 57 cd, then 93 20 -> 08 34 b9 83 06, 93 70 ... 6c 68 -> 20 fc 70.
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            TypeAActivation activation = new TypeAActivation(board.Driver);
            PiccIdentity identity = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(false, identity));
            board.Chip.RecordTrace = true;
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Halt());
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(true, identity));
            Assert.AreEqual(
                "PCD 50 00 57 cd|PCD 52 (7 bits)|PICC 04 00|PCD 93 20|PICC 08 34 b9 83 06|PCD 93 70 08 34 b9 83 06 6c 68|PICC 20 fc 70",
                NfcTestSupport.TraceText(board.Chip.Trace));
        }

        [TestMethod]
        public void ReqaExchangeCostsItsAirTime()
        {
            // REQA: SOF + 7 bits + EOF = 9 bits of 128/fc = 85 µs; FDT after a last bit 0: 1172/fc = 87 µs
            // (ISO/IEC 14443-3 6.2.1.1); ATQA: SOF + 2 x (8 + parity) + EOF = 20 bits = 189 µs.
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            long before = board.Ledger.AirMicroseconds;
            byte[] tx = new byte[] { 0x26 };
            byte[] rx = new byte[4];
            int bits;
            int collision;
            EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.TransceiveBits(tx, 0, 7, rx, 0, 4, 0, 2, 1000, out bits, out collision));
            Assert.AreEqual(85L + 87L + 189L, board.Ledger.AirMicroseconds - before);
        }

        [TestMethod]
        public void CrcAMatchesTheReferenceVectors()
        {
            Assert.AreEqual(0xBF05, (int)CrcA.Compute(NfcTestSupport.Bytes("313233343536373839"), 0, 9));
            Assert.AreEqual(0xCD57, (int)CrcA.Compute(NfcTestSupport.Bytes("5000"), 0, 2));
            Assert.AreEqual(0x7331, (int)CrcA.Compute(NfcTestSupport.Bytes("E080"), 0, 2));
            Assert.AreEqual(0xA5BC, (int)CrcA.Compute(NfcTestSupport.Bytes("E050"), 0, 2));
            Assert.AreEqual(0x4091, (int)CrcA.Compute(NfcTestSupport.Bytes("F201"), 0, 2));

            byte[] frame = new byte[4];
            frame[0] = 0x50;
            Assert.AreEqual(4, CrcA.Append(frame, 0, 2));
            Assert.AreEqual("50 00 57 cd", NfcTestSupport.Hex(frame, 0, 4));
            Assert.IsTrue(CrcA.Check(frame, 0, 4));
            frame[3] ^= 1;
            Assert.IsFalse(CrcA.Check(frame, 0, 4));
        }
    }
}
