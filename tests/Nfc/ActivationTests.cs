using DualReader.Firmware.Iso14443;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Nfc
{
    /// <summary>ISO/IEC 14443-3A activation through the real MFRC522 driver and the register-level model.</summary>
    [TestClass]
    public class ActivationTests
    {
        [TestMethod]
        public void HardResetPinPowersTheChipDown()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            board.Reset.Write(false);
            Assert.IsFalse(board.Field.CarrierOn);
            Assert.AreEqual((byte)0x00, board.Driver.ReadRegister(DualReader.Firmware.Mfrc522.Register.VersionReg));

            // Start-up again brings everything back.
            board.Driver.Initialize();
            board.Driver.TurnAntennaOn();
            PiccIdentity identity = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(false, identity));
        }

        [TestMethod]
        public void ActivationAfterAHighBitRateSessionReturnsTo106()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            board.Driver.SetBitRates(BitRate.Kbps848, BitRate.Kbps848);
            byte[] tx = new byte[] { 0x02 };
            byte[] rx = new byte[8];
            int received;
            board.Driver.Transceive(tx, 0, 1, rx, 0, rx.Length, 1000, out received);
            Assert.AreEqual((byte)0x05, board.Chip.PeekRegister(0x24));

            PiccIdentity identity = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(false, identity));
            Assert.AreEqual((byte)0x26, board.Chip.PeekRegister(0x24));
            Assert.AreEqual((byte)0x00, board.Chip.PeekRegister(0x12));
        }

        [TestMethod]
        [DataRow("0834B983", "0400", 0x20, "08 34 b9 83")]
        [DataRow("048D2432273B80", "4403", 0x20, "04 8d 24 32 27 3b 80")]
        [DataRow("01020304050607080910", "8400", 0x08, "01 02 03 04 05 06 07 08 09 10")]
        public void ReadsUidsOfEverySize(string uid, string atqa, int sak, string expectedUid)
        {
            // Single, double and triple size UIDs: one, two and three cascade levels (ISO/IEC 14443-3 6.5.4).
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes(uid), NfcTestSupport.Bytes(atqa), (byte)sak);
            TypeAActivation activation = new TypeAActivation(board.Driver);
            PiccIdentity identity = new PiccIdentity();

            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(false, identity));
            Assert.AreEqual(uid.Length / 2, identity.UidLength);
            Assert.AreEqual(expectedUid, NfcTestSupport.UidText(identity));
            Assert.AreEqual(atqa, identity.AtqaHex());
            Assert.AreEqual((byte)sak, identity.Sak);
            // SAK bit 6 (0x20): ISO/IEC 14443-4 compliant.
            Assert.AreEqual((sak & 0x20) != 0, identity.SupportsIsoDep);
        }

        [TestMethod]
        public void EmptyFieldIsNoCard()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            TypeAActivation activation = new TypeAActivation(board.Driver);
            PiccIdentity identity = new PiccIdentity();

            EnumAssert.AreEqual(ActivationStatus.NoCard, activation.Activate(false, identity));
            Assert.AreEqual(0, identity.UidLength);
        }

        [TestMethod]
        public void CardOutsideItsScenarioTimeIsNotSeen()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            VirtualPicc picc = board.AddPicc(NfcTestSupport.Bytes("A1A2A3A4"), NfcTestSupport.Bytes("0403"), 0x20);
            picc.ArriveMicroseconds = board.Clock.Now + 100000;
            TypeAActivation activation = new TypeAActivation(board.Driver);
            PiccIdentity identity = new PiccIdentity();

            EnumAssert.AreEqual(ActivationStatus.NoCard, activation.Activate(false, identity));
            board.Clock.Advance(100000);
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(false, identity));
            Assert.AreEqual("a1 a2 a3 a4", NfcTestSupport.UidText(identity));
        }

        [TestMethod]
        public void TwoCardsAreFoundOneAfterTheOther()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            board.AddPicc(NfcTestSupport.Bytes("A1A2A3A4"), NfcTestSupport.Bytes("0403"), 0x08);
            TypeAActivation activation = new TypeAActivation(board.Driver);
            PiccIdentity first = new PiccIdentity();
            PiccIdentity second = new PiccIdentity();

            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(false, first));
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Halt());
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(false, second));
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Halt());

            // 08h = 0000 1000b and A1h = 1010 0001b first differ in bit 0 (LSB first on air): the branch with a 1
            // there is A1 A2 A3 A4.
            Assert.AreEqual("a1 a2 a3 a4", NfcTestSupport.UidText(first));
            Assert.AreEqual((byte)0x08, first.Sak);
            Assert.IsTrue(first.AtqaCollided);
            Assert.IsFalse(second.AtqaCollided);
            Assert.AreEqual("0400", second.AtqaHex());
            Assert.AreEqual("08 34 b9 83", NfcTestSupport.UidText(second));
            Assert.AreEqual((byte)0x20, second.Sak);

            // Both are halted now: REQA finds nobody, WUPA wakes them again.
            PiccIdentity third = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.NoCard, activation.Activate(false, third));
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(true, third));
        }

        [TestMethod]
        public void TwoSevenByteCardsCollidingDeepInTheUidAreResolved()
        {
            // Same cascade level 1, they differ only in the last bit of UID byte 6 (level 2, byte 3, bit 7).
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes("048D2432273B80"), NfcTestSupport.Bytes("4400"), 0x20);
            // Same SAK: both answer SELECT CL1 together (a different SAK would collide there).
            board.AddPicc(NfcTestSupport.Bytes("048D2432273B00"), NfcTestSupport.Bytes("4400"), 0x20);
            TypeAActivation activation = new TypeAActivation(board.Driver);
            PiccIdentity first = new PiccIdentity();
            PiccIdentity second = new PiccIdentity();

            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(false, first));
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Halt());
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(false, second));

            Assert.AreEqual("04 8d 24 32 27 3b 80", NfcTestSupport.UidText(first));
            Assert.AreEqual("04 8d 24 32 27 3b 00", NfcTestSupport.UidText(second));
        }

        [TestMethod]
        public void CardLeavingMidSelectIsATimeout()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            VirtualPicc picc = board.AddPicc(NfcTestSupport.Bytes("048D2432273B80"), NfcTestSupport.Bytes("4403"), 0x20);
            CountingTransceiver counting = new CountingTransceiver(board.Driver, board.Ledger);

            // After the ANTICOLLISION of level 1 (exchange 1), the card leaves before SELECT.
            counting.AfterExchange = delegate(int index)
            {
                if (index == 1)
                {
                    picc.LeaveMicroseconds = board.Clock.Now;
                }
            };
            TypeAActivation activation = new TypeAActivation(counting);
            PiccIdentity identity = new PiccIdentity();

            EnumAssert.AreEqual(ActivationStatus.Timeout, activation.Activate(false, identity));
            Assert.AreEqual(3, counting.Costs.Count);
            Assert.AreEqual("93 70", (string)counting.Frames[2]);
            EnumAssert.AreEqual(PiccState.PowerOff, picc.State);

            // The next poll sees an empty field.
            EnumAssert.AreEqual(ActivationStatus.NoCard, activation.Activate(false, identity));
        }

        [TestMethod]
        public void AntennaOffMeansNoCard()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            TypeAActivation activation = new TypeAActivation(board.Driver);
            PiccIdentity identity = new PiccIdentity();

            board.Driver.TurnAntennaOff();
            EnumAssert.AreEqual(ActivationStatus.NoCard, activation.Activate(false, identity));
            board.Driver.TurnAntennaOn();
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(false, identity));
        }

        [TestMethod]
        public void SpiBudgetPerExchange()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes("048D2432273B80"), NfcTestSupport.Bytes("4403"), 0x20);
            CountingTransceiver counting = new CountingTransceiver(board.Driver, board.Ledger);
            TypeAActivation activation = new TypeAActivation(counting);
            PiccIdentity identity = new PiccIdentity();

            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(false, identity));

            // REQA, ANTICOLL CL1, SELECT CL1, ANTICOLL CL2, SELECT CL2.
            Assert.AreEqual(5, counting.Costs.Count);
            long request = (long)counting.Costs[0];
            long level1 = (long)counting.Costs[1] + (long)counting.Costs[2];
            long level2 = (long)counting.Costs[3] + (long)counting.Costs[4];
            OutputHelper.WriteLine("SPI calls: REQA " + request.ToString() + ", level 1 " + level1.ToString() + ", level 2 " + level2.ToString());
            Assert.IsTrue(request <= 6, "REQA->ATQA within 6 SPI calls");
            Assert.IsTrue(level1 <= 8, "one select level within 8 SPI calls");
            Assert.IsTrue(level2 <= 8, "one select level within 8 SPI calls");
            Assert.AreEqual(5L, request);
            Assert.AreEqual(8L, level1);
            Assert.AreEqual(8L, level2);
        }

        [TestMethod]
        public void PollAfterHaltStaysWithinTheShortFrameBudget()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            CountingTransceiver counting = new CountingTransceiver(board.Driver, board.Ledger);
            TypeAActivation activation = new TypeAActivation(counting);
            PiccIdentity identity = new PiccIdentity();

            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(false, identity));
            EnumAssert.AreEqual(ActivationStatus.Ok, activation.Halt());
            EnumAssert.AreEqual(ActivationStatus.NoCard, activation.Activate(false, identity));

            // REQA, ANTICOLL, SELECT, HLTA, REQA (the halted PICC stays mute).
            Assert.AreEqual(5, counting.Costs.Count);
            OutputHelper.WriteLine("SPI calls: HLTA " + counting.Costs[3].ToString() + ", REQA after HLTA " + counting.Costs[4].ToString());
            Assert.AreEqual(5L, (long)counting.Costs[3]);
            Assert.AreEqual(6L, (long)counting.Costs[4]);
        }

        [TestMethod]
        public void NoCardPollStaysWithinTheShortFrameBudget()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            CountingTransceiver counting = new CountingTransceiver(board.Driver, board.Ledger);
            TypeAActivation activation = new TypeAActivation(counting);
            PiccIdentity identity = new PiccIdentity();

            for (int i = 0; i < 3; i++)
            {
                EnumAssert.AreEqual(ActivationStatus.NoCard, activation.Activate(false, identity));
                Assert.IsTrue((long)counting.Costs[i] <= 6, "REQA without answer within 6 SPI calls");
            }

            Assert.AreEqual(6L, (long)counting.Costs[2]);
        }
    }
}
