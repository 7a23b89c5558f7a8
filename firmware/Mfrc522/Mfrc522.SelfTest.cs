using System;

namespace DualReader.Firmware.Mfrc522
{
    /// <summary>The digital self-test's command sequence (datasheet 16.1.1); <see cref="Mfrc522SelfTest"/> classifies it.</summary>
    public sealed partial class Mfrc522
    {
        /// <summary>How long the chip may take to fill the FIFO with the 64 self-test bytes (µs). The datasheet gives
        /// no duration and no interrupt for the end; the test is a CRC run over internal data, microseconds on silicon.</summary>
        public const int SelfTestTimeoutMicroseconds = 10000;

        // Interval between two reads of FIFOLevelReg while the self-test runs.
        private const int SelfTestPollMicroseconds = 100;

        // AutoTestReg (9.3.4.7): SelfTest = 1001b enables the digital self-test; 40h is the reset value (AmpRcv set,
        // self-test off).
        private const byte AutoTestSelfTest = 0x09;
        private const byte AutoTestResetValue = 0x40;

        // Step 2 of 16.1.1: 25 bytes of 00h for the internal buffer (the Mem command's size, 10.3.1.2).
        private const int InternalBufferBytes = 25;

        /// <summary>
        /// Runs the documented self-test sequence (16.1.1) and copies the 64 bytes the chip wrote to the FIFO into
        /// <paramref name="output"/>; false when they did not arrive within <see cref="SelfTestTimeoutMicroseconds"/>.
        /// The chip is soft-reset by the test and initialised again afterwards (<see cref="Initialize"/>: antenna off).
        /// </summary>
        /// <exception cref="Mfrc522Exception">The chip does not come back from its reset.</exception>
        public bool RunDigitalSelfTest(byte[] output, int offset)
        {
            if (output == null)
            {
                throw new ArgumentNullException("output");
            }

            if (offset < 0 || offset + FifoSize > output.Length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            // 1. Soft reset (10.3.1.10); the configuration is gone until Initialize below.
            transceiveActive = false;
            antennaOn = false;
            WriteRegister(Register.CommandReg, (byte)Command.SoftReset);
            if (!WaitForPowerUp())
            {
                throw new Mfrc522Exception("MFRC522 self-test: the chip did not come back from SoftReset within " + StartupTimeoutMicroseconds.ToString() + " us.");
            }

            // 2. 25 bytes of 00h into the FIFO, then Mem: they become the internal buffer ("Config command").
            mosi[0] = (byte)((int)Register.FIFODataReg << 1);
            Array.Clear(mosi, 1, InternalBufferBytes);
            spi.Write(mosi, 0, InternalBufferBytes + 1);
            WriteRegister(Register.CommandReg, (byte)Command.Mem);

            // 3. Enable the self-test; 4. one 00h byte into the FIFO; 5. start it with CalcCRC.
            WriteRegister(Register.AutoTestReg, AutoTestSelfTest);
            WriteRegister(Register.FIFODataReg, 0x00);
            WriteRegister(Register.CommandReg, (byte)Command.CalcCrc);

            // 6./7. When the test is done the FIFO holds 64 bytes. No interrupt signals it: poll FIFOLevelReg, bounded.
            long deadline = clock.GetMicroseconds() + SelfTestTimeoutMicroseconds;
            bool complete = false;
            while (true)
            {
                if ((ReadRegister(Register.FIFOLevelReg) & 0x7F) >= FifoSize)
                {
                    complete = true;
                    break;
                }

                if (clock.GetMicroseconds() >= deadline)
                {
                    break;
                }

                clock.Delay(SelfTestPollMicroseconds);
            }

            WriteRegister(Register.CommandReg, (byte)Command.Idle);
            if (complete)
            {
                // All 64 bytes in one multi-address read (8.1.2.1).
                Array.Copy(FifoReadAddresses, 0, mosi, 0, FifoSize);
                mosi[FifoSize] = 0;
                spi.TransferFullDuplex(mosi, 0, miso, 0, FifoSize + 1);
                Array.Copy(miso, 1, output, offset, FifoSize);
            }

            WriteRegister(Register.AutoTestReg, AutoTestResetValue);
            Initialize();
            return complete;
        }
    }
}
