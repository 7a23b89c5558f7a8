using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mfrc522;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Nfc
{
    /// <summary>The MFRC522 model on its own, driven register by register through the driver's raw accessors.</summary>
    [TestClass]
    public class Mfrc522ModelTests
    {
        [TestMethod]
        public void RegistersStartAtTheirResetValues()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;
            Assert.AreEqual((byte)0x20, chip.ReadRegister(Register.CommandReg));
            Assert.AreEqual((byte)0x80, chip.ReadRegister(Register.ComIEnReg));
            Assert.AreEqual((byte)0x14, chip.ReadRegister(Register.ComIrqReg));
            Assert.AreEqual((byte)0x21, chip.ReadRegister(Register.Status1Reg));
            Assert.AreEqual((byte)0x08, chip.ReadRegister(Register.WaterLevelReg));
            Assert.AreEqual((byte)0xA0, chip.ReadRegister(Register.CollReg));
            Assert.AreEqual((byte)0x3F, chip.ReadRegister(Register.ModeReg));
            Assert.AreEqual((byte)0x80, chip.ReadRegister(Register.TxControlReg));
            Assert.AreEqual((byte)0x26, chip.ReadRegister(Register.ModWidthReg));
            Assert.AreEqual((byte)0x4D, chip.ReadRegister(Register.DemodReg));
            Assert.AreEqual((byte)0xEB, chip.ReadRegister(Register.SerialSpeedReg));
            Assert.AreEqual((byte)0x92, chip.ReadRegister(Register.VersionReg));
        }

        [TestMethod]
        public void SoftResetRestoresRegistersAndReportsPowerDownMeanwhile()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;

            // A fast bus, so the read comes within the 38 µs of the reset.
            board.Costs.SpiCallOverheadMicroseconds = 1;
            chip.WriteRegister(Register.ModeReg, 0x3D);
            chip.WriteRegister(Register.CommandReg, (byte)Command.SoftReset);
            Assert.AreEqual((byte)0x10, (byte)(chip.ReadRegister(Register.CommandReg) & 0x10));
            board.Clock.Advance(Mfrc522Model.InternalResetMicroseconds);
            Assert.AreEqual((byte)0x00, (byte)(chip.ReadRegister(Register.CommandReg) & 0x10));
            Assert.AreEqual((byte)0x3F, chip.ReadRegister(Register.ModeReg));
        }

        [TestMethod]
        public void FifoKeepsOrderLevelAndFlush()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;
            chip.WriteRegister(Register.FIFODataReg, 0x11);
            chip.WriteRegister(Register.FIFODataReg, 0x22);
            chip.WriteRegister(Register.FIFODataReg, 0x33);
            Assert.AreEqual((byte)3, chip.ReadRegister(Register.FIFOLevelReg));
            Assert.AreEqual((byte)0x11, chip.ReadRegister(Register.FIFODataReg));
            Assert.AreEqual((byte)2, chip.ReadRegister(Register.FIFOLevelReg));
            chip.WriteRegister(Register.FIFOLevelReg, 0x80);
            Assert.AreEqual((byte)0, chip.ReadRegister(Register.FIFOLevelReg));
        }

        [TestMethod]
        public void FifoOverflowSetsBufferOvflUntilFlushed()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;
            for (int i = 0; i < 64; i++)
            {
                chip.WriteRegister(Register.FIFODataReg, (byte)i);
            }

            Assert.AreEqual((byte)0, chip.ReadRegister(Register.ErrorReg));
            chip.WriteRegister(Register.FIFODataReg, 0xEE);
            Assert.AreEqual((byte)64, chip.ReadRegister(Register.FIFOLevelReg));
            Assert.AreEqual((byte)Errors.BufferOvfl, chip.ReadRegister(Register.ErrorReg));
            Assert.AreEqual((byte)ComInterrupts.Error, (byte)(chip.ReadRegister(Register.ComIrqReg) & (byte)ComInterrupts.Error));
            chip.WriteRegister(Register.FIFOLevelReg, 0x80);
            Assert.AreEqual((byte)0, chip.ReadRegister(Register.ErrorReg));
        }

        [TestMethod]
        public void WaterLevelDrivesHiAndLoAlert()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;
            chip.WriteRegister(Register.WaterLevelReg, 4);
            Assert.AreEqual((byte)Status1.LoAlert, (byte)(chip.ReadRegister(Register.Status1Reg) & 0x03));
            for (int i = 0; i < 60; i++)
            {
                chip.WriteRegister(Register.FIFODataReg, 0);
            }

            // 64 - 60 <= 4: HiAlert; 60 > 4: no LoAlert.
            Assert.AreEqual((byte)Status1.HiAlert, (byte)(chip.ReadRegister(Register.Status1Reg) & 0x03));
            Assert.AreEqual((byte)ComInterrupts.HiAlert, (byte)(chip.ReadRegister(Register.ComIrqReg) & (byte)ComInterrupts.HiAlert));
        }

        [TestMethod]
        public void Set1SetsAndClearsOnlyTheMarkedBits()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;
            chip.WriteRegister(Register.ComIrqReg, 0x7F);
            Assert.AreEqual((byte)0x00, chip.ReadRegister(Register.ComIrqReg));
            chip.WriteRegister(Register.ComIrqReg, 0x80 | 0x21);
            Assert.AreEqual((byte)0x21, chip.ReadRegister(Register.ComIrqReg));
            chip.WriteRegister(Register.ComIrqReg, 0x80 | 0x40);
            Assert.AreEqual((byte)0x61, chip.ReadRegister(Register.ComIrqReg));
            chip.WriteRegister(Register.ComIrqReg, 0x01);
            Assert.AreEqual((byte)0x60, chip.ReadRegister(Register.ComIrqReg));

            // DivIrqReg: Set2, only CRCIRq and MfinActIRq exist.
            chip.WriteRegister(Register.DivIrqReg, 0xFF);
            Assert.AreEqual((byte)0x14, chip.ReadRegister(Register.DivIrqReg));
            chip.WriteRegister(Register.DivIrqReg, 0x04);
            Assert.AreEqual((byte)0x10, chip.ReadRegister(Register.DivIrqReg));
        }

        [TestMethod]
        public void IrqPinFollowsEnabledRequestsAndIRqInv()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;
            chip.WriteRegister(Register.ComIrqReg, 0x7F);

            // IRqInv = 1 (reset value): active low, idle high.
            chip.WriteRegister(Register.ComIEnReg, 0x80 | 0x20);
            Assert.IsTrue(board.Irq.Read());
            chip.WriteRegister(Register.ComIrqReg, 0x80 | 0x20);
            Assert.IsFalse(board.Irq.Read());
            Assert.AreEqual((byte)Status1.IRq, (byte)(chip.ReadRegister(Register.Status1Reg) & (byte)Status1.IRq));

            // IRqInv = 0: active high.
            chip.WriteRegister(Register.ComIEnReg, 0x20);
            Assert.IsTrue(board.Irq.Read());
            chip.WriteRegister(Register.ComIrqReg, 0x20);
            Assert.IsFalse(board.Irq.Read());

            // A request that is not enabled does not reach the pin.
            chip.WriteRegister(Register.ComIrqReg, 0x80 | 0x01);
            Assert.IsFalse(board.Irq.Read());
        }

        [TestMethod]
        [DataRow(0, 0x2189)]
        [DataRow(1, 0xBF05)]
        [DataRow(3, 0x6F91)]
        public void CrcCoprocessorPresets(int preset, int expected)
        {
            // "123456789": CRC-16/KERMIT (preset 0000h) 2189h, CRC_A (6363h) BF05h, X-25 without final XOR
            // (FFFFh) 906Eh ^ FFFFh = 6F91h.
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;
            chip.WriteRegister(Register.ModeReg, (byte)(0x3C | preset));
            byte[] text = NfcTestSupport.Bytes("313233343536373839");
            for (int i = 0; i < text.Length; i++)
            {
                chip.WriteRegister(Register.FIFODataReg, text[i]);
            }

            chip.WriteRegister(Register.DivIrqReg, 0x04);
            chip.WriteRegister(Register.CommandReg, (byte)Command.CalcCrc);
            Assert.AreEqual((byte)0x04, (byte)(chip.ReadRegister(Register.DivIrqReg) & 0x04));
            int result = (chip.ReadRegister(Register.CRCResultRegMsb) << 8) | chip.ReadRegister(Register.CRCResultRegLsb);
            Assert.AreEqual(expected, result);
            Assert.AreEqual((byte)0, chip.ReadRegister(Register.FIFOLevelReg));
        }

        [TestMethod]
        public void CalcCrcKeepsFoldingInNewFifoBytes()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;
            chip.WriteRegister(Register.ModeReg, 0x3D);
            chip.WriteRegister(Register.FIFODataReg, 0x50);
            chip.WriteRegister(Register.CommandReg, (byte)Command.CalcCrc);
            chip.WriteRegister(Register.FIFODataReg, 0x00);
            Assert.AreEqual((byte)0xCD, chip.ReadRegister(Register.CRCResultRegMsb));
            Assert.AreEqual((byte)0x57, chip.ReadRegister(Register.CRCResultRegLsb));
            chip.WriteRegister(Register.CommandReg, (byte)Command.Idle);
        }

        [TestMethod]
        public void TimerCountsDownAndRaisesTimerIRq()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;

            // TPreScaler 169: 339 / 13.56 MHz = 25 µs per tick; TReload 39: 40 ticks = 1000 µs.
            chip.WriteRegister(Register.TModeReg, 0x00);
            chip.WriteRegister(Register.TPrescalerReg, 169);
            chip.WriteRegister(Register.TReloadRegHigh, 0);
            chip.WriteRegister(Register.TReloadRegLow, 39);
            chip.WriteRegister(Register.ComIrqReg, 0x7F);
            long start = board.Clock.Now;
            chip.WriteRegister(Register.ControlReg, 0x40);
            Assert.AreEqual((byte)Status1.TRunning, (byte)(chip.ReadRegister(Register.Status1Reg) & (byte)Status1.TRunning));

            board.Clock.AdvanceTo(start + 500);
            int value = chip.ReadRegister(Register.TCounterValRegLow);
            Assert.IsTrue(value >= 17 && value <= 20, "counter " + value.ToString());
            Assert.AreEqual((byte)0, (byte)(chip.ReadRegister(Register.ComIrqReg) & 0x01));

            board.Clock.AdvanceTo(start + 1000);
            Assert.AreEqual((byte)0x01, (byte)(chip.ReadRegister(Register.ComIrqReg) & 0x01));
            Assert.AreEqual((byte)0, (byte)(chip.ReadRegister(Register.Status1Reg) & (byte)Status1.TRunning));
        }

        [TestMethod]
        public void IrqWaitEndsAtTheModelledTimerExpiry()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;
            chip.WriteRegister(Register.TPrescalerReg, 169);
            chip.WriteRegister(Register.TReloadRegLow, 79);
            chip.WriteRegister(Register.ComIrqReg, 0x7F);
            chip.WriteRegister(Register.ComIEnReg, 0x80 | 0x01);
            chip.WriteRegister(Register.ControlReg, 0x40);
            long start = board.Clock.Now;
            Assert.IsTrue(board.Irq.WaitForLevel(false, 10000));
            Assert.AreEqual(2000L, board.Clock.Now - start);
        }

        [TestMethod]
        public void MemAndGenerateRandomIdUseTheInternalBuffer()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;
            for (int i = 0; i < 25; i++)
            {
                chip.WriteRegister(Register.FIFODataReg, (byte)(i + 1));
            }

            chip.WriteRegister(Register.CommandReg, (byte)Command.Mem);
            Assert.AreEqual((byte)0, chip.ReadRegister(Register.FIFOLevelReg));
            Assert.AreEqual((byte)0x10, (byte)(chip.ReadRegister(Register.ComIrqReg) & 0x10));
            chip.WriteRegister(Register.CommandReg, (byte)Command.Mem);
            Assert.AreEqual((byte)25, chip.ReadRegister(Register.FIFOLevelReg));
            Assert.AreEqual((byte)1, chip.ReadRegister(Register.FIFODataReg));

            chip.WriteRegister(Register.FIFOLevelReg, 0x80);
            chip.WriteRegister(Register.CommandReg, (byte)Command.GenerateRandomId);
            chip.WriteRegister(Register.CommandReg, (byte)Command.Mem);
            Assert.AreEqual((byte)25, chip.ReadRegister(Register.FIFOLevelReg));
            byte first = chip.ReadRegister(Register.FIFODataReg);
            byte second = chip.ReadRegister(Register.FIFODataReg);
            Assert.IsFalse(first == 1 && second == 2, "random bytes replaced the first 10 bytes");
        }

        [TestMethod]
        public void MfAuthentWithoutItsTwelveFifoBytesIsAProtocolError()
        {
            // MFAuthent takes 12 bytes from the FIFO (10.3.1.9); with none the model reports ProtocolErr, keeps
            // MFCrypto1On clear and, as on a failed authentication, leaves the command running until Idle is written.
            // The full authentication is in tests/Mifare.
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Mfrc522 chip = board.Driver;
            chip.WriteRegister(Register.CommandReg, (byte)Command.MFAuthent);
            Assert.AreEqual((byte)Errors.ProtocolErr, chip.ReadRegister(Register.ErrorReg));
            Assert.AreEqual((byte)0, (byte)(chip.ReadRegister(Register.Status2Reg) & 0x08));
            Assert.AreEqual((byte)Command.MFAuthent, (byte)(chip.ReadRegister(Register.CommandReg) & 0x0F));
            chip.WriteRegister(Register.CommandReg, (byte)Command.Idle);
            Assert.AreEqual((byte)0, (byte)(chip.ReadRegister(Register.CommandReg) & 0x0F));

            // MFCrypto1On "can only be set to logic 1 by a successful execution of the MFAuthent command" (9.3.1.9).
            chip.WriteRegister(Register.Status2Reg, 0x08);
            Assert.AreEqual((byte)0, (byte)(chip.ReadRegister(Register.Status2Reg) & 0x08));
        }

        [TestMethod]
        public void MultiAddressBurstReadReturnsEachRegister()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            byte[] mosi = new byte[] { 0x80 | (0x37 << 1), 0x80 | (0x11 << 1), 0x80 | (0x0B << 1), 0x00 };
            byte[] miso = new byte[4];
            board.Spi.TransferFullDuplex(mosi, 0, miso, 0, 4);
            Assert.AreEqual("00 92 3f 08", NfcTestSupport.Hex(miso, 0, 4));
        }

        [TestMethod]
        public void FifoBurstWriteStoresEveryByte()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            byte[] mosi = new byte[] { 0x09 << 1, 0xAA, 0xBB, 0xCC };
            board.Spi.Write(mosi, 0, 4);
            Assert.AreEqual(3, board.Chip.FifoLevel);
        }

        [TestMethod]
        public void TransceiveWithCollisionReportsCollPos()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            board.AddPicc(NfcTestSupport.Bytes("0934B983"), NfcTestSupport.Bytes("0400"), 0x20);
            byte[] tx = new byte[] { 0x26, 0, 0 };
            byte[] rx = new byte[8];
            int bits;
            int collision;
            EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.TransceiveBits(tx, 0, 7, rx, 0, 8, 0, 2, 1000, out bits, out collision));

            // 08h vs 09h differ in bit 0: CollPos 1, CollErr, and ValuesAfterColl = 0 clears the bits after it.
            tx[0] = 0x93;
            tx[1] = 0x20;
            EnumAssert.AreEqual(TransceiveResult.Collision, board.Driver.TransceiveBits(tx, 0, 16, rx, 0, 8, 0, 5, 1000, out bits, out collision));
            Assert.AreEqual(0, collision);
            Assert.AreEqual((byte)0x01, (byte)(board.Chip.PeekRegister(0x0E) & 0x3F));
            Assert.AreEqual("01 00 00 00 00", NfcTestSupport.Hex(rx, 0, 5));
        }
    }
}
