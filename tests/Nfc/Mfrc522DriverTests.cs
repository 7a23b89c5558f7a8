using System;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mfrc522;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Nfc
{
    /// <summary>The MFRC522 driver's start-up, chip detection, SPI bytes and ISO-DEP transceive.</summary>
    [TestClass]
    public class Mfrc522DriverTests
    {
        [TestMethod]
        public void GenuineChipIsDetected()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            board.Driver.Initialize();
            Assert.AreEqual((byte)0x92, board.Driver.Version);
            EnumAssert.AreEqual(ChipVariant.Mfrc522Version2, board.Driver.Variant);
            Assert.IsFalse(board.Driver.IsClone);
        }

        [TestMethod]
        public void VersionOneIsGenuine()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            board.Chip.Version = 0x91;
            board.Driver.Initialize();
            EnumAssert.AreEqual(ChipVariant.Mfrc522Version1, board.Driver.Variant);
            Assert.IsFalse(board.Driver.IsClone);
        }

        [TestMethod]
        [DataRow(0x12)]
        [DataRow(0x88)]
        public void CloneWorksAndIsReported(int version)
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            board.Chip.Version = (byte)version;
            board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            board.Driver.Initialize();
            board.Driver.TurnAntennaOn();
            Assert.IsTrue(board.Driver.IsClone);
            Assert.AreEqual((byte)version, board.Driver.Version);
            EnumAssert.AreEqual(version == 0x88 ? ChipVariant.Fm17522Clone : ChipVariant.Clone12, board.Driver.Variant);

            PiccIdentity identity = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(false, identity));
            Assert.AreEqual("08 34 b9 83", NfcTestSupport.UidText(identity));
        }

        [TestMethod]
        [DataRow(0x00)]
        [DataRow(0xFF)]
        [DataRow(0x55)]
        public void WrongVersionIsAClearStartupError(int version)
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            board.Chip.Version = (byte)version;
            Assert.ThrowsException(typeof(Mfrc522Exception), () => board.Driver.Initialize());
            string message = string.Empty;
            try
            {
                board.Driver.Initialize();
            }
            catch (Mfrc522Exception e)
            {
                message = e.Message;
            }

            Assert.Contains("VersionReg reads 0x" + ((byte)version).ToString("X2"), message);
        }

        [TestMethod]
        [DataRow(0x00)]
        [DataRow(0xFF)]
        public void MissingChipIsAClearStartupError(int busLevel)
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            board.Chip.MissingChipBusLevel = busLevel;
            string message = string.Empty;
            try
            {
                board.Driver.Initialize();
            }
            catch (Mfrc522Exception e)
            {
                message = e.Message;
            }

            Assert.Contains("MFRC522 not found", message);
            Assert.Contains("check wiring", message);
        }

        [TestMethod]
        public void StartupWaitsForTheResetToFinish()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            board.Chip.OscillatorStartupMicroseconds = 8000;
            long before = board.Clock.Now;
            board.Driver.Initialize();

            // NRSTPD rise: 38 µs internal reset + 8 ms for a slow crystal; the driver waits its 5 ms, then polls
            // PowerDown every 100 µs until the chip is up.
            long elapsed = board.Clock.Now - before;
            Assert.IsTrue(elapsed >= 8038, "elapsed " + elapsed.ToString());
            Assert.IsTrue(elapsed < 8038 + 1000, "elapsed " + elapsed.ToString());
        }

        [TestMethod]
        public void ExactSpiBytesOfRegisterOperations()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            RecordingSpi spi = new RecordingSpi(board.Spi);
            Mfrc522 driver = new Mfrc522(spi, board.Reset, board.Irq, board.Clock);

            // Read VersionReg (37h): address byte 1 011 0111 0b = EEh, then 00h; the value comes back second.
            Assert.AreEqual((byte)0x92, driver.ReadRegister(Register.VersionReg));
            Assert.AreEqual("ee 00", (string)spi.Mosi[0]);
            Assert.AreEqual("00 92", (string)spi.Miso[0]);

            // Write CommandReg (01h) = Transceive: 0 000001 0b = 02h, 0Ch.
            driver.WriteRegister(Register.CommandReg, 0x0C);
            Assert.AreEqual("02 0c", (string)spi.Mosi[1]);

            // FlushBuffer: FIFOLevelReg (0Ah) -> 14h, 80h.
            driver.WriteRegister(Register.FIFOLevelReg, 0x80);
            Assert.AreEqual("14 80", (string)spi.Mosi[2]);
        }

        [TestMethod]
        public void ExactSpiBytesOfAReqaExchange()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            RecordingSpi spi = new RecordingSpi(board.Spi);
            Mfrc522 driver = new Mfrc522(spi, board.Reset, board.Irq, board.Clock);
            driver.Initialize();
            driver.TurnAntennaOn();
            spi.Clear();

            byte[] tx = new byte[] { 0x26 };
            byte[] rx = new byte[8];
            int bits;
            int collision;
            TransceiveResult result = driver.TransceiveBits(tx, 0, 7, rx, 0, rx.Length, 0, 2, Mfrc522.DefaultActivationTimeoutMicroseconds, out bits, out collision);

            EnumAssert.AreEqual(TransceiveResult.Ok, result);
            Assert.AreEqual(16, bits);
            Assert.AreEqual(5, spi.Mosi.Count);
            Assert.AreEqual("08 7f", (string)spi.Mosi[0]);          // ComIrqReg: clear all requests (Set1 = 0)
            Assert.AreEqual("12 26", (string)spi.Mosi[1]);          // FIFODataReg <- 26h
            Assert.AreEqual("02 0c", (string)spi.Mosi[2]);          // CommandReg <- Transceive
            Assert.AreEqual("1a 87", (string)spi.Mosi[3]);          // BitFramingReg <- StartSend, TxLastBits 7

            // One read: ComIrqReg, ErrorReg, FIFOLevelReg, ControlReg, CollReg, FIFO x2, 00h.
            Assert.AreEqual("88 8c 94 98 9c 92 92 00", (string)spi.Mosi[4]);
            // ComIrqReg 64h = TxIRq | RxIRq | LoAlertIRq, no error, 2 bytes, RxLastBits 0, CollPosNotValid, ATQA 04 00.
            Assert.AreEqual("00 64 00 02 10 20 04 00", (string)spi.Miso[4]);
        }

        [TestMethod]
        public void IsoDepTransceiveUsesTheChipCrcWithinSevenCalls()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            VirtualPicc picc = board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            EchoProtocol echo = new EchoProtocol();
            picc.Protocol = echo;
            board.Chip.RecordTrace = true;
            PiccIdentity identity = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(false, identity));

            byte[] rats = new byte[] { 0xE0, 0x80 };
            byte[] rx = new byte[64];
            int received;
            long before = board.Ledger.SpiTransfers;
            TransceiveResult result = board.Driver.Transceive(rats, 0, 2, rx, 0, rx.Length, 5000, out received);
            long first = board.Ledger.SpiTransfers - before;

            EnumAssert.AreEqual(TransceiveResult.Ok, result);
            Assert.AreEqual("05 78 80 70 02", NfcTestSupport.Hex(rx, 0, received));

            // On air: the chip appended CRC_A (RATS E0 80 -> 31 73) and checked the answer's.
            string trace = NfcTestSupport.TraceText(board.Chip.Trace);
            Assert.Contains("PCD e0 80 31 73|PICC 05 78 80 70 02 a5 46", trace);

            byte[] block = new byte[] { 0x02, 0x00, 0xA4, 0x04, 0x00 };
            before = board.Ledger.SpiTransfers;
            result = board.Driver.Transceive(block, 0, block.Length, rx, 0, rx.Length, 5000, out received);
            long steady = board.Ledger.SpiTransfers - before;
            EnumAssert.AreEqual(TransceiveResult.Ok, result);
            Assert.AreEqual("02 90 00", NfcTestSupport.Hex(rx, 0, received));
            OutputHelper.WriteLine("ISO-DEP SPI calls: first " + first.ToString() + ", steady " + steady.ToString());
            Assert.IsTrue(first <= 7);
            Assert.AreEqual(4L, steady);
        }

        [TestMethod]
        public void IsoDepTransceiveReportsSilenceAsNoResponse()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            VirtualPicc picc = board.AddPicc(NfcTestSupport.Bytes("0834B983"), NfcTestSupport.Bytes("0400"), 0x20);
            picc.Protocol = new EchoProtocol();
            PiccIdentity identity = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(false, identity));

            byte[] mute = new byte[] { 0xC2 };
            byte[] rx = new byte[64];
            int received;
            long before = board.Clock.Now;
            EnumAssert.AreEqual(TransceiveResult.NoResponse, board.Driver.Transceive(mute, 0, 1, rx, 0, rx.Length, 4833, out received));
            Assert.AreEqual(0, received);

            // The chip timer (25 µs ticks) ended the wait right after the frame waiting time, which starts after the
            // 3-byte frame on air (29 bits of 9.44 µs); the rest is the SPI calls.
            long waited = board.Clock.Now - before;
            Assert.IsTrue(waited >= 4833 + 274 && waited < 4833 + 274 + 500, "waited " + waited.ToString());
        }

        [TestMethod]
        public void BitRatesAreProgrammed()
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            Assert.IsTrue(board.Driver.SupportsBitRate(BitRate.Kbps848));
            board.Driver.SetBitRates(BitRate.Kbps424, BitRate.Kbps212);
            byte[] tx = new byte[] { 0x02 };
            byte[] rx = new byte[8];
            int received;
            board.Driver.Transceive(tx, 0, 1, rx, 0, rx.Length, 1000, out received);
            Assert.AreEqual((byte)0xA0, board.Chip.PeekRegister(0x12));
            Assert.AreEqual((byte)0x90, board.Chip.PeekRegister(0x13));
            Assert.AreEqual((byte)0x0A, board.Chip.PeekRegister(0x24));
        }

        [TestMethod]
        public void NullArgumentsAreCallerBugs()
        {
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            Assert.ThrowsException(typeof(ArgumentNullException), () => new Mfrc522(null, board.Reset, board.Irq, board.Clock));
            int received;
            Assert.ThrowsException(typeof(ArgumentNullException), () => board.Driver.Transceive(null, 0, 1, new byte[4], 0, 4, 1000, out received));
        }
    }

    /// <summary>A tiny ISO-DEP stand-in: answers RATS with the iPhone's ATS, any other frame starting with 02h
    /// with 02 90 00, and stays mute otherwise.</summary>
    internal sealed class EchoProtocol : IPiccProtocol
    {
        public bool Deselected
        {
            get { return false; }
        }

        public BitRate PcdToPiccRate
        {
            get { return BitRate.Kbps106; }
        }

        public BitRate PiccToPcdRate
        {
            get { return BitRate.Kbps106; }
        }

        public int HandleFrame(byte[] frame, int offset, int count, byte[] response, int responseOffset, out int processingMicroseconds)
        {
            processingMicroseconds = 300;
            if (frame[offset] == 0xE0)
            {
                byte[] ats = new byte[] { 0x05, 0x78, 0x80, 0x70, 0x02 };
                Array.Copy(ats, 0, response, responseOffset, ats.Length);
                return ats.Length;
            }

            if (frame[offset] == 0x02)
            {
                response[responseOffset] = 0x02;
                response[responseOffset + 1] = 0x90;
                response[responseOffset + 2] = 0x00;
                return 3;
            }

            return 0;
        }

        public void Reset()
        {
        }
    }
}
