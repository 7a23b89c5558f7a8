using System;
using DualReader.Firmware.Iso14443;

namespace DualReader.Firmware.Mfrc522
{
    /// <summary>
    /// The driver's helpers, moved out of Mfrc522.cs unchanged: delivering and reading FIFO data with its guards, the
    /// after-error chip check, abort and flush, the timer, the power-up wait and the static tables and checks.
    /// </summary>
    public sealed partial class Mfrc522
    {
        private int Deliver(byte[] rxBuffer, int rxOffset, int count)
        {
            Array.Copy(frame, 0, rxBuffer, rxOffset, count);
            return count;
        }

        /// <summary>
        /// Reads the rest of a frame from the FIFO in one call; a guarded read ends with FIFOLevelReg and ModeReg and
        /// returns false when they show that the read was not the chip talking or left bytes behind.
        /// </summary>
        private bool ReadFifo(byte[] buffer, int offset, int count, bool guarded)
        {
            Array.Copy(FifoReadAddresses, 0, mosi, 0, count);
            int n = count;
            if (guarded)
            {
                mosi[n++] = (byte)(0x80 | ((int)Register.FIFOLevelReg << 1));
                mosi[n++] = (byte)(0x80 | ((int)Register.ModeReg << 1));
            }

            mosi[n++] = 0;
            spi.TransferFullDuplex(mosi, 0, miso, 0, n);
            Array.Copy(miso, 1, buffer, offset, count);
            return !guarded || FifoReadIsIntact(miso, 1 + count, 0);
        }

        /// <summary>
        /// The two bytes that end a guarded FIFO read: FIFOLevelReg, which must show exactly the bytes still unread
        /// (8.3.1: every FIFODataReg read takes one; the frame is complete once RxIRq is set, 9.3.1.5), and ModeReg,
        /// whose documented bits hold the start-up value (9.3.2.2). A MISO line stuck at 00h or FFh cannot produce
        /// 29h in those bits, so a glitch that reaches the end of the call is seen; it is read last because the bytes
        /// before it (the frame data) cannot be checked by themselves.
        /// </summary>
        private static bool FifoReadIsIntact(byte[] buffer, int index, int expectedLevel)
        {
            return (buffer[index] & 0x7F) == expectedLevel && ModeReadsBack(buffer[index + 1]);
        }

        /// <summary>True when <paramref name="mode"/> shows ModeReg's documented bits as written (9.3.2.2).</summary>
        private static bool ModeReadsBack(byte mode)
        {
            return (mode & ModeDefinedBits) == (ModeValue & ModeDefinedBits);
        }

        /// <summary>
        /// After an error: one read of CommandReg, FIFOLevelReg, the configuration the driver keeps shadows of, and
        /// ModeReg. True when the command is Idle (10.3.1.1), the FIFO empty (9.3.1.11 FlushBuffer arrived) and every
        /// register holds what was written, so the next frame goes out alone and as configured. Errors pay one call.
        /// </summary>
        private bool ChipStateIsClean()
        {
            int n = 0;
            mosi[n++] = (byte)(0x80 | ((int)Register.CommandReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.FIFOLevelReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.TxModeReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.RxModeReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.ModWidthReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.TModeReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.TPrescalerReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.TReloadRegHigh << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.TReloadRegLow << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.ModeReg << 1));
            mosi[n++] = 0;
            spi.TransferFullDuplex(mosi, 0, miso, 0, n);

            // Reserved bits are left out of the comparison: TxModeReg 2..0 (9.3.2.3), RxModeReg 1..0 (9.3.2.4).
            return (miso[1] & (byte)(CommandBits.PowerDown | CommandBits.CommandMask)) == (byte)Command.Idle
                && (miso[2] & 0x7F) == 0
                && (miso[3] & 0xF8) == (txModeShadow & 0xF8)
                && (miso[4] & 0xFC) == (rxModeShadow & 0xFC)
                && miso[5] == modulationWidthShadow
                && miso[6] == (byte)(TimerMode.TAuto | (TimerMode)((timerPrescalerShadow >> 8) & 0x0F))
                && miso[7] == (byte)(timerPrescalerShadow & 0xFF)
                && miso[8] == (byte)(timerReloadShadow >> 8)
                && miso[9] == (byte)(timerReloadShadow & 0xFF)
                && (miso[10] & ModeDefinedBits) == (ModeValue & ModeDefinedBits);
        }

        private void Abort()
        {
            Idle();
            Flush();
        }

        private void Flush()
        {
            // FlushBuffer clears the FIFO pointers and BufferOvfl (9.3.1.11).
            WriteRegister(Register.FIFOLevelReg, 0x80);
        }

        private void ProgramTimer(int timeoutMicroseconds)
        {
            // Most exchanges of a session wait the same time: the 64-bit arithmetic below costs the interpreter more
            // than the comparison. Whatever forgets the timer registers sets timerReloadShadow to -1.
            if (timeoutMicroseconds == timerTimeoutShadow && timerReloadShadow >= 0)
            {
                return;
            }

            // f_timer = 13.56 MHz / (2 * TPreScaler + 1), delay = (TReload + 1) / f_timer (8.5). 169 gives
            // 25 µs ticks (up to 1.6 s); 1694 gives 249.93 µs ticks (up to 16 s) for the longest ISO-DEP waits.
            int prescaler = timeoutMicroseconds <= 1600000 ? 169 : 1694;
            long cyclesPerTick = (2L * prescaler) + 1;
            long reload = ((timeoutMicroseconds * 1356L) + (cyclesPerTick * 100) - 1) / (cyclesPerTick * 100);
            reload -= 1;
            if (reload < 1)
            {
                reload = 1;
            }

            if (reload > 0xFFFF)
            {
                reload = 0xFFFF;
            }

            if (prescaler != timerPrescalerShadow)
            {
                // TAuto: start at the end of each transmission, stop when reception starts (9.3.3.10).
                WriteRegister(Register.TModeReg, (byte)(TimerMode.TAuto | (TimerMode)((prescaler >> 8) & 0x0F)));
                WriteRegister(Register.TPrescalerReg, (byte)(prescaler & 0xFF));
                timerPrescalerShadow = prescaler;
            }

            if (reload != timerReloadShadow)
            {
                if (timerReloadShadow < 0 || (reload >> 8) != (timerReloadShadow >> 8))
                {
                    WriteRegister(Register.TReloadRegHigh, (byte)(reload >> 8));
                }

                WriteRegister(Register.TReloadRegLow, (byte)(reload & 0xFF));
                timerReloadShadow = (int)reload;
            }

            timerTimeoutShadow = timeoutMicroseconds;
        }

        private bool WaitForPowerUp()
        {
            long deadline = clock.GetMicroseconds() + StartupTimeoutMicroseconds;
            while (true)
            {
                if ((ReadRegister(Register.CommandReg) & (byte)CommandBits.PowerDown) == 0)
                {
                    return true;
                }

                if (clock.GetMicroseconds() >= deadline)
                {
                    return false;
                }

                // No interrupt signals the end of reset; CommandReg PowerDown is the status to poll (9.3.1.2).
                clock.Delay(PowerDownPollMicroseconds);
            }
        }

        private static ChipVariant Classify(byte value)
        {
            switch (value)
            {
                case 0x91:
                    return ChipVariant.Mfrc522Version1;
                case 0x92:
                    return ChipVariant.Mfrc522Version2;
                case 0x88:
                    return ChipVariant.Fm17522Clone;
                case 0x12:
                    return ChipVariant.Clone12;
                default:
                    return ChipVariant.Unknown;
            }
        }

        private static Mfrc522Exception NotFound(byte value, string what)
        {
            string hint = value == 0x00 || value == 0xFF
                ? " (the SPI bus reads a constant: check wiring, chip select, 3.3 V supply and the RST line)"
                : " (unknown chip)";
            return new Mfrc522Exception("MFRC522 not found: VersionReg reads 0x" + value.ToString("X2") + " and the chip " + what + hint + ".");
        }

        private static byte ModulationWidth(BitRate rate)
        {
            // ModWidthReg: pulse width (ModWidth + 1) / 13.56 MHz (9.3.3.4). 0x26 is the reset value for
            // 106 kbit/s; the narrower pulses for the higher rates follow NXP's reader library settings.
            switch (rate)
            {
                case BitRate.Kbps212:
                    return 0x15;
                case BitRate.Kbps424:
                    return 0x0A;
                case BitRate.Kbps848:
                    return 0x05;
                default:
                    return 0x26;
            }
        }

        private static int AirMicroseconds(int bits, BitRate rate)
        {
            // In int: a frame here is at most the FIFO's 64 bytes (578 bits with parity, 73,984 cycles at 106 kbit/s),
            // so cycles * 100 stays far below 2^31; 64-bit arithmetic costs the interpreter more.
            int cycles = bits * (CyclesPerBitAt106 >> (int)rate);
            return ((cycles * 100) + 1355) / 1356;
        }

        private static void CheckBuffers(byte[] txBuffer, int txOffset, int txCount, byte[] rxBuffer, int rxOffset, int rxCapacity)
        {
            if (txBuffer == null)
            {
                throw new ArgumentNullException("txBuffer");
            }

            if (rxBuffer == null)
            {
                throw new ArgumentNullException("rxBuffer");
            }

            if (txOffset < 0 || txCount < 0 || txOffset + txCount > txBuffer.Length)
            {
                throw new ArgumentOutOfRangeException("txCount");
            }

            if (rxOffset < 0 || rxCapacity < 0 || rxOffset + rxCapacity > rxBuffer.Length)
            {
                throw new ArgumentOutOfRangeException("rxCapacity");
            }
        }

        private static byte[] FifoReadAddressList()
        {
            byte[] addresses = new byte[FifoSize];
            for (int i = 0; i < FifoSize; i++)
            {
                addresses[i] = (byte)(0x80 | ((int)Register.FIFODataReg << 1));
            }

            return addresses;
        }
    }
}
