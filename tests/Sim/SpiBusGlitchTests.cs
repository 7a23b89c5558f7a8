using DualReader.Sim.Bus;
using DualReader.Sim.Nfc;
using DualReader.Sim.Nrf24;
using DualReader.Sim.Timing;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Sim
{
    [TestClass]
    public class SpiBusGlitchTests
    {
        /// <summary>A chip that answers 0x5A on every MISO byte and counts the bytes it saw.</summary>
        private sealed class CountingChip : ISpiTarget
        {
            public int Transfers { get; private set; }

            public int Bytes { get; private set; }

            public void Transfer(byte[] mosi, int mosiOffset, byte[] miso, int misoOffset, int count)
            {
                Transfers++;
                Bytes += count;
                for (int i = 0; i < count; i++)
                {
                    miso[misoOffset + i] = 0x5A;
                }
            }
        }

        private static string Hex(byte[] data)
        {
            return NfcTestSupport.Hex(data, 0, data.Length);
        }

        [TestMethod]
        public void OutsideTheWindowTheChipAnswers()
        {
            VirtualClock clock = new VirtualClock();
            CountingChip chip = new CountingChip();
            SpiBusGlitch glitch = new SpiBusGlitch(chip, clock);
            glitch.Level = 0xFF;
            glitch.FromMicroseconds = 100;
            glitch.UntilMicroseconds = 200;
            byte[] miso = new byte[3];
            glitch.Transfer(new byte[3], 0, miso, 0, 3);
            clock.Advance(200);
            glitch.Transfer(new byte[3], 0, miso, 0, 3);
            Assert.AreEqual(2, chip.Transfers);
            Assert.AreEqual("5a 5a 5a", Hex(miso));
            Assert.AreEqual(0, glitch.Transfers);
        }

        [TestMethod]
        public void InsideTheWindowNothingArrivesAndMisoReadsTheLevel()
        {
            VirtualClock clock = new VirtualClock();
            CountingChip chip = new CountingChip();
            SpiBusGlitch glitch = new SpiBusGlitch(chip, clock);
            glitch.Level = 0xFF;
            glitch.FromMicroseconds = 10;
            glitch.UntilMicroseconds = 20;
            clock.Advance(10);
            byte[] miso = new byte[3];
            glitch.Transfer(new byte[3], 0, miso, 0, 3);
            Assert.AreEqual(0, chip.Transfers);
            Assert.AreEqual("ff ff ff", Hex(miso));
            Assert.AreEqual(1, glitch.Transfers);

            // Until is exclusive.
            clock.Advance(10);
            glitch.Transfer(new byte[3], 0, miso, 0, 3);
            Assert.AreEqual(1, chip.Transfers);
            Assert.AreEqual(1, glitch.Transfers);
        }

        [TestMethod]
        public void NoiseIsSeededAndVaries()
        {
            byte[] first = new byte[8];
            byte[] second = new byte[8];
            for (int run = 0; run < 2; run++)
            {
                SpiBusGlitch glitch = new SpiBusGlitch(new CountingChip(), new VirtualClock());
                glitch.Noise = true;
                glitch.UntilMicroseconds = 1;
                glitch.Transfer(new byte[8], 0, run == 0 ? first : second, 0, 8);
            }

            Assert.AreEqual(Hex(first), Hex(second));
            bool varies = false;
            for (int i = 1; i < first.Length; i++)
            {
                varies |= first[i] != first[0];
            }

            Assert.IsTrue(varies, Hex(first));
        }

        [TestMethod]
        public void MisoOnlyHitsTheBytesOnTheBusDuringTheWindow()
        {
            VirtualClock clock = new VirtualClock();
            CountingChip chip = new CountingChip();
            SpiBusGlitch glitch = new SpiBusGlitch(chip, clock);
            glitch.MisoOnly = true;
            glitch.Level = 0x00;

            // The transfer ends now (100 µs); at 1000 ns a byte, byte i of 4 was on the bus at 96 + i µs.
            clock.Advance(100);
            glitch.FromMicroseconds = 98;
            glitch.UntilMicroseconds = 99;
            byte[] miso = new byte[4];
            glitch.Transfer(new byte[4], 0, miso, 0, 4);
            Assert.AreEqual(1, chip.Transfers);
            Assert.AreEqual(4, chip.Bytes);
            Assert.AreEqual("5a 5a 00 5a", Hex(miso));
            Assert.AreEqual(1, glitch.Transfers);

            // Slower bytes: 4 µs each, so bytes 0..3 were on the bus at 84, 88, 92 and 96 µs.
            glitch.ByteNanoseconds = 4000;
            glitch.FromMicroseconds = 88;
            glitch.UntilMicroseconds = 93;
            glitch.Transfer(new byte[4], 0, miso, 0, 4);
            Assert.AreEqual("5a 00 00 5a", Hex(miso));
            Assert.AreEqual(2, glitch.Transfers);
        }

        [TestMethod]
        public void BothChipModelsSitBehindTheGlitch()
        {
            // MFRC522 VersionReg (0x37, read address 0xEE) and nRF24L01+ CONFIG (R_REGISTER 0x00, reset value 08h).
            SimulatedNfcBoard nfc = new SimulatedNfcBoard();
            byte[] miso = new byte[2];
            nfc.Spi.TransferFullDuplex(new byte[] { 0xEE, 0x00 }, 0, miso, 0, 2);
            Assert.AreEqual((byte)0x92, miso[1]);
            nfc.BusGlitch.Level = 0xFF;
            nfc.BusGlitch.UntilMicroseconds = long.MaxValue;
            nfc.Spi.TransferFullDuplex(new byte[] { 0xEE, 0x00 }, 0, miso, 0, 2);
            Assert.AreEqual("ff ff", Hex(miso));
            Assert.AreEqual(1, nfc.BusGlitch.Transfers);

            VirtualClock clock = new VirtualClock();
            SimulatedNrf24 radio = new SimulatedNrf24(clock, new AirMedium(new CostLedger(), 1), new CostModel(), new CostLedger());
            radio.Spi.TransferFullDuplex(new byte[] { 0x00, 0xFF }, 0, miso, 0, 2);
            Assert.AreEqual((byte)0x08, miso[1]);
            radio.BusGlitch.Level = 0x00;
            radio.BusGlitch.UntilMicroseconds = long.MaxValue;

            // A write of CONFIG = 0x0A (PWR_UP) is lost: the register still reads 08h once the glitch is over.
            radio.Spi.TransferFullDuplex(new byte[] { 0x20, 0x0A }, 0, miso, 0, 2);
            Assert.AreEqual("00 00", Hex(miso));
            radio.BusGlitch.UntilMicroseconds = 0;
            radio.Spi.TransferFullDuplex(new byte[] { 0x00, 0xFF }, 0, miso, 0, 2);
            Assert.AreEqual((byte)0x08, miso[1]);
            Assert.AreEqual(1, radio.BusGlitch.Transfers);
        }
    }
}
