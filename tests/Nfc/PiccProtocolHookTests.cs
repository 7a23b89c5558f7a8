using DualReader.Firmware.Iso14443;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Nfc
{
    /// <summary>The virtual PICC's ISO-DEP hook: frames after SELECT, DESELECT to HALT, PPS bit rates.</summary>
    [TestClass]
    public class PiccProtocolHookTests
    {
        [TestMethod]
        public void DeselectedProtocolSendsThePiccToHalt()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            VirtualPicc picc = board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            ScriptedProtocol protocol = new ScriptedProtocol();
            picc.Protocol = protocol;
            TypeAActivation activation = new TypeAActivation(board.Driver);
            PiccIdentity identity = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(false, identity));

            byte[] rx = new byte[64];
            int received;
            EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(new byte[] { 0xE0, 0x80 }, 0, 2, rx, 0, rx.Length, 5000, out received));

            // S(DESELECT) C2 is answered with C2, then the PICC is HALTed: REQA misses it, WUPA finds it.
            EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(new byte[] { 0xC2 }, 0, 1, rx, 0, rx.Length, 5000, out received));
            Assert.AreEqual("c2", NfcTestSupport.Hex(rx, 0, received));
            EnumAssert.AreEqual(PiccState.Halt, picc.State);
            Assert.AreEqual(1, protocol.ResetCount);
            EnumAssert.AreEqual(ActivationStatus.NoCard, activation.Activate(false, identity));
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(true, identity));
        }

        [TestMethod]
        public void DamagedAnswersAreReportedAsParityErrors()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            VirtualPicc picc = board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            picc.Protocol = new ScriptedProtocol();
            PiccIdentity identity = new PiccIdentity();
            TypeAActivation activation = new TypeAActivation(board.Driver);
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(false, identity));
            byte[] rx = new byte[64];
            int received;
            EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(new byte[] { 0xE0, 0x80 }, 0, 2, rx, 0, rx.Length, 5000, out received));

            picc.CorruptNextAnswers = 1;
            EnumAssert.AreEqual(TransceiveResult.ParityError, board.Driver.Transceive(new byte[] { 0x02, 0x00 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(new byte[] { 0x02, 0x00 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            Assert.AreEqual("02 90 00", NfcTestSupport.Hex(rx, 0, received));

            // During activation a damaged answer is a protocol error of the activation. (In the ISO-DEP state the
            // PICC ignores HLTA; S(DESELECT) halts it.)
            EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(new byte[] { 0xC2 }, 0, 1, rx, 0, rx.Length, 5000, out received));
            picc.CorruptNextAnswers = 3;
            EnumAssert.AreEqual(ActivationStatus.ProtocolError, activation.Activate(true, identity));
        }

        [TestMethod]
        public void PpsBitRatesMustMatchOnBothSides()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            VirtualPicc picc = board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            ScriptedProtocol protocol = new ScriptedProtocol();
            picc.Protocol = protocol;
            PiccIdentity identity = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(false, identity));
            byte[] rx = new byte[64];
            int received;
            EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(new byte[] { 0xE0, 0x80 }, 0, 2, rx, 0, rx.Length, 5000, out received));

            // The PICC now runs at 424 kbit/s both ways (as after a PPS); the reader still at 106: nothing decodes.
            protocol.Rate = BitRate.Kbps424;
            EnumAssert.AreEqual(TransceiveResult.NoResponse, board.Driver.Transceive(new byte[] { 0x02, 0x00 }, 0, 2, rx, 0, rx.Length, 5000, out received));

            board.Driver.SetBitRates(BitRate.Kbps424, BitRate.Kbps424);
            long airBefore = board.Ledger.AirMicroseconds;
            EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(new byte[] { 0x02, 0x00 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            Assert.AreEqual("02 90 00", NfcTestSupport.Hex(rx, 0, received));

            // 4 bytes out (incl. CRC_A) and 5 back at fc/32: (1 + 32 + 4 + 1 + 1 + 40 + 5 + 1) bits x 32 / fc = 200 µs,
            // plus the frame delay time of 86 or 91 µs.
            long air = board.Ledger.AirMicroseconds - airBefore;
            Assert.IsTrue(air >= 200 + 86 && air <= 203 + 92, "air " + air.ToString());
        }
    }

    /// <summary>ISO-DEP stand-in with settable rates: RATS -> ATS, C2 -> C2 and deselected, 02.. -> 02 90 00.</summary>
    internal sealed class ScriptedProtocol : IPiccProtocol
    {
        private bool deselected;

        public BitRate Rate { get; set; }

        public int ResetCount { get; private set; }

        public bool Deselected
        {
            get { return deselected; }
        }

        public BitRate PcdToPiccRate
        {
            get { return Rate; }
        }

        public BitRate PiccToPcdRate
        {
            get { return Rate; }
        }

        public int HandleFrame(byte[] frame, int offset, int count, byte[] response, int responseOffset, out int processingMicroseconds)
        {
            processingMicroseconds = 0;
            switch (frame[offset])
            {
                case 0xE0:
                    response[responseOffset] = 0x02;
                    response[responseOffset + 1] = 0x00;
                    return 2;
                case 0xC2:
                    deselected = true;
                    response[responseOffset] = 0xC2;
                    return 1;
                case 0x02:
                    response[responseOffset] = 0x02;
                    response[responseOffset + 1] = 0x90;
                    response[responseOffset + 2] = 0x00;
                    return 3;
                default:
                    return 0;
            }
        }

        public void Reset()
        {
            deselected = false;
            Rate = BitRate.Kbps106;
            ResetCount++;
        }
    }
}
