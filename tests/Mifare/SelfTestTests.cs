using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mfrc522;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Mifare
{
    /// <summary>The MFRC522 digital self-test (datasheet 16.1.1) through the real driver against the chip model.</summary>
    [TestClass]
    public class SelfTestTests
    {
        [TestMethod]
        [DataRow(0x91)]
        [DataRow(0x92)]
        public void GenuineChipsAreGenuine(int version)
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            board.Chip.Version = (byte)version;
            board.Driver.Initialize();
            Mfrc522SelfTest test = new Mfrc522SelfTest(board.Driver);
            EnumAssert.AreEqual(SelfTestVerdict.Genuine, test.Run());
            Assert.IsTrue(test.Completed);
            Assert.AreEqual(version == 0x91 ? (int)SelfTestReference.Mfrc522Version1 : (int)SelfTestReference.Mfrc522Version2, (int)test.Matched);
            Assert.AreEqual(1, board.Chip.SelfTestRuns);
            Assert.AreEqual("genuine", SelfTestVerdictNames.Name(test.Verdict));

            // Datasheet 16.1.1 prints the first bytes: v1.0 00 C6 37 D5, v2.0 00 EB 66 BA.
            Assert.AreEqual(version == 0x91 ? "00 c6 37 d5" : "00 eb 66 ba", NfcTestSupport.Hex(test.Output, 0, 4));

            // The chip is configured again afterwards: a card can be activated.
            board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x08);
            board.Driver.TurnAntennaOn();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(false, new PiccIdentity()));
        }

        [TestMethod]
        public void CloneThatClaimsVersionTwoIsFoundByItsTable()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            byte[] fm17522 = new byte[Mfrc522SelfTest.OutputLength];
            Assert.IsTrue(Mfrc522SelfTest.CopyReference(SelfTestReference.Fm17522, fm17522, 0));
            board.Chip.SelfTestOutput = fm17522;
            board.Driver.Initialize();
            Assert.AreEqual((byte)0x92, board.Driver.Version, "VersionReg lies");
            Mfrc522SelfTest test = new Mfrc522SelfTest(board.Driver);
            EnumAssert.AreEqual(SelfTestVerdict.Clone, test.Run());
            EnumAssert.AreEqual(SelfTestReference.Fm17522, test.Matched);
            Assert.AreEqual("fm17522", SelfTestReferenceNames.Name(test.Matched));
            Assert.AreEqual("clone", SelfTestVerdictNames.Name(test.Verdict));
        }

        [TestMethod]
        [DataRow(0x88, 2)]
        [DataRow(0x12, 0)]
        public void HonestClonesAreCloneOrUnknown(int version, int verdict)
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            board.Chip.Version = (byte)version;
            board.Driver.Initialize();
            Assert.AreEqual(verdict, (int)new Mfrc522SelfTest(board.Driver).Run());
        }

        [TestMethod]
        public void ClassifyComparesWithVersionReg()
        {
            byte[] output = new byte[Mfrc522SelfTest.OutputLength];
            SelfTestReference matched;
            Mfrc522SelfTest.CopyReference(SelfTestReference.Mfrc522Version2, output, 0);
            EnumAssert.AreEqual(SelfTestVerdict.Genuine, Mfrc522SelfTest.Classify(0x92, output, 0, out matched));

            // NXP's v2.0 table behind VersionReg 0x91: not what a genuine v1.0 gives.
            EnumAssert.AreEqual(SelfTestVerdict.Unknown, Mfrc522SelfTest.Classify(0x91, output, 0, out matched));
            EnumAssert.AreEqual(SelfTestReference.Mfrc522Version2, matched);

            // One byte off: no table.
            output[63] ^= 0x01;
            EnumAssert.AreEqual(SelfTestVerdict.Unknown, Mfrc522SelfTest.Classify(0x92, output, 0, out matched));
            EnumAssert.AreEqual(SelfTestReference.None, matched);
        }

        [TestMethod]
        public void SkippingTheBufferClearChangesTheOutput()
        {
            // The model follows 16.1.1: its output depends on the internal buffer being zero (step 2). A buffer left
            // non-zero by a previous Mem command gives bytes that match no table.
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            board.Driver.Initialize();
            board.Driver.WriteRegister(Register.FIFODataReg, 0x55);
            for (int i = 0; i < 24; i++)
            {
                board.Driver.WriteRegister(Register.FIFODataReg, 0x00);
            }

            board.Driver.WriteRegister(Register.CommandReg, 0x01);
            board.Driver.WriteRegister(Register.AutoTestReg, 0x09);
            board.Driver.WriteRegister(Register.FIFODataReg, 0x00);
            board.Driver.WriteRegister(Register.CommandReg, 0x03);
            Assert.AreEqual(64, board.Chip.FifoLevel);
            byte[] output = new byte[64];
            for (int i = 0; i < 64; i++)
            {
                output[i] = board.Driver.ReadRegister(Register.FIFODataReg);
            }

            SelfTestReference matched;
            EnumAssert.AreEqual(SelfTestVerdict.Unknown, Mfrc522SelfTest.Classify(0x92, output, 0, out matched));

            // The driver's sequence clears it first.
            EnumAssert.AreEqual(SelfTestVerdict.Genuine, new Mfrc522SelfTest(board.Driver).Run());
        }
    }
}
