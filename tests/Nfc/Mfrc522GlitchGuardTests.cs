using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mfrc522;
using DualReader.Hal;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Nfc
{
    /// <summary>
    /// The MFRC522 driver's defences against a glitched SPI bus on the ISO-DEP path: the CRC_A checked in software at
    /// 106 kBd (RxCRCEn = 0), the guards of every FIFO read, and the checked restart after an error; and the model's
    /// RxCRCEn behaviour they rely on.
    /// </summary>
    [TestClass]
    public class Mfrc522GlitchGuardTests
    {
        private static readonly byte[] Uid = { 0x08, 0x34, 0xB9, 0x83 };

        [TestMethod]
        [DataRow(0x00)]
        [DataRow(0x80)]
        public void ModelPutsTheReceivedCrcInTheFifoOnlyWithoutRxCrcEn(int rxMode)
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(Uid, NfcTestSupport.Bytes("0400"), 0x20).Protocol = new EchoProtocol();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(false, new PiccIdentity()));

            // RATS by hand at register level: TxCRCEn appends CRC_A (9.3.2.3), RxModeReg as the data row says.
            Mfrc522 chip = board.Driver;
            chip.WriteRegister(Register.TxModeReg, 0x80);
            chip.WriteRegister(Register.RxModeReg, (byte)rxMode);
            chip.WriteRegister(Register.ComIrqReg, 0x7F);
            board.Spi.Write(new byte[] { (byte)Register.FIFODataReg << 1, 0xE0, 0x80 }, 0, 3);
            chip.WriteRegister(Register.CommandReg, (byte)Command.Transceive);
            chip.WriteRegister(Register.BitFramingReg, 0x80);
            Assert.IsTrue(board.Irq.WaitForLevel(false, 20000));
            Assert.AreEqual((byte)0, (byte)(chip.ReadRegister(Register.ErrorReg) & (byte)Errors.CRCErr));

            int level = chip.ReadRegister(Register.FIFOLevelReg);
            byte[] fifo = new byte[level];
            for (int i = 0; i < level; i++)
            {
                fifo[i] = chip.ReadRegister(Register.FIFODataReg);
            }

            // The ATS on air is 05 78 80 70 02 A5 46. RxCRCEn = 0: nothing is checked or removed, the CRC_A bytes are
            // in the FIFO (9.3.2.4). RxCRCEn = 1: the chip checked them and, as modelled, kept them out.
            Assert.AreEqual(rxMode == 0 ? "05 78 80 70 02 a5 46" : "05 78 80 70 02", NfcTestSupport.Hex(fifo, 0, level));
        }

        [TestMethod]
        public void GoodFrameAt106IsOkWithItsCrcReadInTheSameCallAndStripped()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(Uid, NfcTestSupport.Bytes("0400"), 0x20).Protocol = new EchoProtocol();
            CorruptingSpi spi = new CorruptingSpi(board.Spi);
            Mfrc522 driver = Started(board, spi);
            driver.SoftwareCrcAt106 = true;
            byte[] rx = new byte[64];
            int received;
            EnumAssert.AreEqual(TransceiveResult.Ok, driver.Transceive(new byte[] { 0xE0, 0x80 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            Assert.AreEqual("05 78 80 70 02", NfcTestSupport.Hex(rx, 0, received));
            Assert.AreEqual((byte)0x80, board.Chip.PeekRegister(0x12));
            Assert.AreEqual((byte)0x00, board.Chip.PeekRegister(0x13));

            long before = board.Ledger.SpiTransfers;
            spi.Record = true;
            EnumAssert.AreEqual(TransceiveResult.Ok, driver.Transceive(new byte[] { 0x02, 0x00, 0xA4, 0x04, 0x00 }, 0, 5, rx, 0, rx.Length, 5000, out received));
            Assert.AreEqual("02 90 00", NfcTestSupport.Hex(rx, 0, received));
            Assert.AreEqual(4L, board.Ledger.SpiTransfers - before);

            // The last call: ComIrqReg, ErrorReg, FIFOLevelReg, ControlReg, CollReg, Status2Reg, 16 + 2 FIFO reads,
            // FIFOLevelReg and ModeReg (the guards), 00h. Back: TxIRq | RxIRq | LoAlertIRq, no error, 5 bytes in the
            // FIFO (the frame and its CRC_A F1 09), RxLastBits 0, no collision, ModemState 001 (wait for StartSend),
            // the frame, FIFO level 0 after the reads, ModeReg 3Dh.
            string status = "88 8c 94 98 9c 90";
            for (int i = 0; i < Mfrc522.DefaultSpeculativeReadLength + 2; i++)
            {
                status += " 92";
            }

            Assert.AreEqual(status + " 94 a2 00", spi.LastMosi);
            byte[] answer = new byte[] { 0x02, 0x90, 0x00, 0, 0 };
            CrcA.Append(answer, 0, 3);
            Assert.IsTrue(spi.LastMiso.StartsWith("00 64 00 05 10 20 01 " + NfcTestSupport.Hex(answer, 0, 5)), spi.LastMiso);
            Assert.IsTrue(spi.LastMiso.EndsWith(" 00 3d"), spi.LastMiso);
        }

        [TestMethod]
        [DataRow(0x00)]
        [DataRow(0xFF)]
        public void GlitchedFifoReadAt106IsACrcErrorAndTheNextFrameGoesOutAlone(int level)
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(Uid, NfcTestSupport.Bytes("0400"), 0x20).Protocol = new EchoProtocol();
            CorruptingSpi spi = new CorruptingSpi(board.Spi);
            Mfrc522 driver = Started(board, spi);
            driver.SoftwareCrcAt106 = true;
            byte[] rx = new byte[64];
            int received;
            EnumAssert.AreEqual(TransceiveResult.Ok, driver.Transceive(new byte[] { 0xE0, 0x80 }, 0, 2, rx, 0, rx.Length, 5000, out received));

            // MISO stuck from the second answer byte to the first CRC byte of the status read (bytes 8..10 of the call):
            // the guards after them read right, only the CRC_A can tell.
            spi.CorruptNextRead(0x88, 8, 3, (byte)level);
            board.Chip.RecordTrace = true;
            TransceiveResult result = driver.Transceive(new byte[] { 0x02, 0x00, 0xA4, 0x04, 0x00 }, 0, 5, rx, 0, rx.Length, 5000, out received);
            EnumAssert.AreEqual(TransceiveResult.CrcError, result);
            Assert.AreEqual(5, received);
            string stuck = level == 0 ? "00" : "ff";
            Assert.AreEqual("02 " + stuck + " " + stuck + " " + stuck, NfcTestSupport.Hex(rx, 0, 4));

            // The next exchange stops the command, flushes, checks the chip, then sends its frame alone.
            EnumAssert.AreEqual(TransceiveResult.Ok, driver.Transceive(new byte[] { 0x02, 0x00, 0xB0, 0x01, 0x0C }, 0, 5, rx, 0, rx.Length, 5000, out received));
            Assert.AreEqual("02 90 00", NfcTestSupport.Hex(rx, 0, received));
            string trace = NfcTestSupport.TraceText(board.Chip.Trace);
            Assert.Contains("|PCD 02 00 b0 01 0c ", trace);
        }

        [TestMethod]
        public void GlitchReachingTheEndOfAFifoReadAt848IsAChipError()
        {
            SimulatedNfcBoard board;
            CorruptingSpi spi;
            Mfrc522 driver = ActiveAt848(out board, out spi);
            byte[] rx = new byte[64];
            int received;
            Assert.AreEqual((byte)0xB0, board.Chip.PeekRegister(0x13));

            // A 30-byte answer needs a second call for the bytes past the first 16; MISO sticks from its 4th byte to
            // the end of that call. The chip checked CRC_A on air, so only the guards (FIFOLevelReg, ModeReg) see it.
            spi.CorruptNextRead(0x92, 4, 100, 0x00);
            EnumAssert.AreEqual(TransceiveResult.ChipError, driver.Transceive(new byte[] { 0x02, 29 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            Assert.AreEqual(1, spi.Corrupted);

            EnumAssert.AreEqual(TransceiveResult.Ok, driver.Transceive(new byte[] { 0x02, 29 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            Assert.IsTrue(LengthProtocol.IsAnswer(rx, received, 29));
        }

        [TestMethod]
        public void LostInterruptClearIsNotTakenForAnAnswer()
        {
            SimulatedNfcBoard board;
            CorruptingSpi spi;
            Mfrc522 driver = ActiveAt848(out board, out spi);
            byte[] rx = new byte[64];
            int received;

            // The ComIrqReg clear is lost: RxIRq of the last exchange is still set, the IRQ line is low at once and the
            // status is read while the chip still sends. Status2Reg ModemState (9.3.1.9) tells.
            spi.DropNextWrite(0x08);
            EnumAssert.AreEqual(TransceiveResult.ChipError, driver.Transceive(new byte[] { 0x02, 0x07 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            Assert.AreEqual(1, spi.Corrupted);
            EnumAssert.AreEqual(TransceiveResult.Ok, driver.Transceive(new byte[] { 0x02, 0x07 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            Assert.IsTrue(LengthProtocol.IsAnswer(rx, received, 7));
        }

        [TestMethod]
        public void AnAnswerStartingLateIsNoResponseNotAChipFault()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            VirtualPicc picc = board.AddPicc(Uid, NfcTestSupport.Bytes("0400"), 0x20);
            picc.Protocol = new LengthProtocol();
            CorruptingSpi spi = new CorruptingSpi(board.Spi);
            Mfrc522 driver = Started(board, spi);
            byte[] rx = new byte[64];
            int received;
            EnumAssert.AreEqual(TransceiveResult.Ok, driver.Transceive(new byte[] { 0xE0, 0x80 }, 0, 2, rx, 0, rx.Length, 5000, out received));

            // Nothing within the frame waiting time: TimerIRq, no RxIRq. Transceive still listens, so an answer that
            // starts just then enters the FIFO while the status is read: the guard's FIFOLevelReg (MISO byte 23: six
            // status registers, 16 speculative FIFO reads) shows 3 bytes the status read did not. That is a late
            // answer, not a chip fault.
            picc.LeaveMicroseconds = board.Clock.Now;
            spi.CorruptNextRead(0x88, 1 + 6 + Mfrc522.DefaultSpeculativeReadLength, 1, 0x03);
            EnumAssert.AreEqual(TransceiveResult.NoResponse, driver.Transceive(new byte[] { 0x02, 0x05 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            Assert.AreEqual(1, spi.Corrupted);

            // A stuck line in the same place still reads as one (ModeReg is checked on this path too).
            spi.CorruptNextRead(0x88, 1 + 6 + Mfrc522.DefaultSpeculativeReadLength, 2, 0xFF);
            EnumAssert.AreEqual(TransceiveResult.ChipError, driver.Transceive(new byte[] { 0x02, 0x05 }, 0, 2, rx, 0, rx.Length, 5000, out received));
        }

        [TestMethod]
        public void ChipChecksCrcAt106ByDefault()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            board.AddPicc(Uid, NfcTestSupport.Bytes("0400"), 0x20).Protocol = new EchoProtocol();
            Assert.IsFalse(board.Driver.SoftwareCrcAt106, "per-byte C# CRC stays off the hot path unless asked for");
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(false, new PiccIdentity()));
            byte[] rx = new byte[64];
            int received;
            EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(new byte[] { 0xE0, 0x80 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            Assert.AreEqual("05 78 80 70 02", NfcTestSupport.Hex(rx, 0, received));
            Assert.AreEqual((byte)0x80, board.Chip.PeekRegister(0x13));
        }

        /// <summary>A driver through a <see cref="CorruptingSpi"/>, its PICC activated and both at 848 kbit/s, after one
        /// clean exchange there.</summary>
        private static Mfrc522 ActiveAt848(out SimulatedNfcBoard board, out CorruptingSpi spi)
        {
            board = NfcTestSupport.StartedBoard();
            LengthProtocol protocol = new LengthProtocol();
            board.AddPicc(Uid, NfcTestSupport.Bytes("0400"), 0x20).Protocol = protocol;
            spi = new CorruptingSpi(board.Spi);
            Mfrc522 driver = Started(board, spi);
            byte[] rx = new byte[64];
            int received;
            EnumAssert.AreEqual(TransceiveResult.Ok, driver.Transceive(new byte[] { 0xE0, 0x80 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            protocol.Rate = BitRate.Kbps848;
            driver.SetBitRates(BitRate.Kbps848, BitRate.Kbps848);
            EnumAssert.AreEqual(TransceiveResult.Ok, driver.Transceive(new byte[] { 0x02, 0x05 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            return driver;
        }

        private static Mfrc522 Started(SimulatedNfcBoard board, ISpiDevice spi)
        {
            Mfrc522 driver = new Mfrc522(spi, board.Reset, board.Irq, board.Clock);
            driver.Initialize();
            driver.TurnAntennaOn();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(driver).Activate(false, new PiccIdentity()));
            return driver;
        }
    }

    /// <summary>
    /// An <see cref="ISpiDevice"/> that can make the next read starting with a given address byte return a stuck level
    /// over some of its MISO bytes (the chip itself sees the call as sent), or lose the next write to a register.
    /// </summary>
    internal sealed class CorruptingSpi : ISpiDevice
    {
        private readonly ISpiDevice inner;
        private readonly byte[] discard = new byte[128];
        private int readTrigger = -1;
        private int readFrom;
        private int readCount;
        private byte readLevel;
        private int writeTrigger = -1;

        public CorruptingSpi(ISpiDevice inner)
        {
            this.inner = inner;
        }

        /// <summary>Calls corrupted or dropped so far.</summary>
        public int Corrupted { get; private set; }

        /// <summary>True: <see cref="LastMosi"/>/<see cref="LastMiso"/> keep the last full-duplex call.</summary>
        public bool Record { get; set; }

        public string LastMosi { get; private set; }

        public string LastMiso { get; private set; }

        /// <summary>The next read whose first MOSI byte is <paramref name="address"/> gets <paramref name="level"/>
        /// in MISO bytes <paramref name="from"/> .. <paramref name="from"/> + <paramref name="count"/> - 1.</summary>
        public void CorruptNextRead(int address, int from, int count, byte level)
        {
            readTrigger = address;
            readFrom = from;
            readCount = count;
            readLevel = level;
        }

        /// <summary>The next write whose address byte is <paramref name="address"/> is lost.</summary>
        public void DropNextWrite(int address)
        {
            writeTrigger = address;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            if (count > 0 && buffer[offset] == writeTrigger)
            {
                writeTrigger = -1;
                Corrupted++;
                return;
            }

            inner.TransferFullDuplex(buffer, offset, discard, 0, count);
        }

        public void TransferFullDuplex(byte[] writeBuffer, int writeOffset, byte[] readBuffer, int readOffset, int count)
        {
            inner.TransferFullDuplex(writeBuffer, writeOffset, readBuffer, readOffset, count);
            if (count > 0 && writeBuffer[writeOffset] == readTrigger)
            {
                readTrigger = -1;
                Corrupted++;
                for (int i = readFrom; i < readFrom + readCount && i < count; i++)
                {
                    readBuffer[readOffset + i] = readLevel;
                }
            }

            if (Record)
            {
                LastMosi = NfcTestSupport.Hex(writeBuffer, writeOffset, count);
                LastMiso = NfcTestSupport.Hex(readBuffer, readOffset, count);
            }
        }
    }
}
