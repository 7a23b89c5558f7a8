using System;
using System.Collections;
using DualReader.Firmware.Iso14443;
using DualReader.Sim.Bus;
using DualReader.Sim.Pins;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Nfc
{
    /// <summary>The MFRC522 model's internal units: the timer (datasheet 8.5), the CRC coprocessor (CalcCRC, 10.3.1.4), the FIFO and its alerts (8.3), Status1Reg, the IRQ pin (8.4) and reset (8.8).</summary>
    public sealed partial class Mfrc522Model
    {
        private void StartTimer(long now)
        {
            int prescaler = ((registers[TModeReg] & 0x0F) << 8) | registers[TPrescalerReg];
            timerCyclesPerTick = (2L * prescaler) + 1;
            timerReload = (registers[TReloadRegHigh] << 8) | registers[TReloadRegLow];
            timerStartAt = now;
            timerRunning = true;

            // The timer counts TReload down to 0 at 13.56 MHz / (2 * TPreScaler + 1); TimerIRq when it reaches 0;
            // t = (TPreScaler * 2 + 1) * (TReload + 1) / 13.56 MHz (8.5).
            timerExpireAt = TimerNeverFires ? VirtualClock.Never : now + CyclesToMicroseconds((timerReload + 1L) * timerCyclesPerTick);
        }

        private void StopTimer()
        {
            if (timerRunning)
            {
                timerReload = CounterValue();
            }

            timerRunning = false;
            timerExpireAt = VirtualClock.Never;
        }

        private void OnTimerExpired(long now)
        {
            registers[ComIrqReg] = (byte)(registers[ComIrqReg] | TimerIRq);
            if ((registers[TModeReg] & 0x10) != 0)
            {
                // TAutoRestart: reload and count again (9.3.3.10).
                StartTimer(now);
            }
            else
            {
                timerRunning = false;
                timerReload = 0;
                timerExpireAt = VirtualClock.Never;
            }
        }

        private int CounterValue()
        {
            if (!timerRunning)
            {
                return timerReload;
            }

            long ticks = (clock.Now - timerStartAt) * 1356 / (timerCyclesPerTick * 100);
            long value = timerReload - ticks;
            return value < 0 ? 0 : (int)value;
        }

        private void CompleteCrc()
        {
            registers[CRCResultRegMsb] = (byte)(crc >> 8);
            registers[CRCResultRegLsb] = (byte)(crc & 0xFF);
            crcReady = true;

            // CRCIRq: "the CalcCRC command is active and all data is processed" (9.3.1.6).
            registers[DivIrqReg] = (byte)(registers[DivIrqReg] | CRCIRq);
        }

        private int CrcPreset()
        {
            // ModeReg CRCPreset (9.3.2.2): 00 = 0000h, 01 = 6363h, 10 = A671h, 11 = FFFFh.
            switch (registers[ModeReg] & 0x03)
            {
                case 0:
                    return 0x0000;
                case 1:
                    return 0x6363;
                case 2:
                    return 0xA671;
                default:
                    return 0xFFFF;
            }
        }

        private void WriteFifo(byte value)
        {
            if (command == CmdMFAuthent || ((phase == Phase.WaitForData || phase == Phase.Receiving) && command == CmdTransceive && (rxExpected || rxStartAt != VirtualClock.Never)))
            {
                // WrErr: the host wrote the FIFO during MFAuthent or between the end of sending and the end of
                // receiving (9.3.1.7). The byte is still stored.
                registers[ErrorReg] = (byte)(registers[ErrorReg] | WrErr);
                registers[ComIrqReg] = (byte)(registers[ComIrqReg] | ErrIRq);
            }

            if (command == CmdCalcCrc)
            {
                crc = CrcA.Update(crc, value);
                CompleteCrc();
                return;
            }

            if (fifoCount >= FifoSize)
            {
                // BufferOvfl: written into a full FIFO; the byte is lost (9.3.1.7).
                registers[ErrorReg] = (byte)(registers[ErrorReg] | BufferOvfl);
                registers[ComIrqReg] = (byte)(registers[ComIrqReg] | ErrIRq);
                return;
            }

            PushFifo(value);
        }

        private void PushFifo(byte value)
        {
            fifo[fifoCount++] = value;
            UpdateAlerts();
        }

        private byte PopFifo()
        {
            if (fifoCount == 0)
            {
                // Reading an empty FIFO: no underflow flag exists (8.3); modelled as 00h, nothing changes.
                return 0;
            }

            byte value = fifo[0];
            fifoCount--;
            for (int i = 0; i < fifoCount; i++)
            {
                fifo[i] = fifo[i + 1];
            }

            UpdateAlerts();
            return value;
        }

        private void UpdateAlerts()
        {
            // HiAlert: (64 - FIFOLength) <= WaterLevel; LoAlert: FIFOLength <= WaterLevel (9.3.1.8). The IRq bits
            // remember the condition until cleared with Set1 (9.3.1.5).
            int water = registers[WaterLevelReg] & 0x3F;
            if (FifoSize - fifoCount <= water)
            {
                registers[ComIrqReg] = (byte)(registers[ComIrqReg] | HiAlertIRq);
            }

            if (fifoCount <= water)
            {
                registers[ComIrqReg] = (byte)(registers[ComIrqReg] | LoAlertIRq);
            }
        }

        private byte Status1()
        {
            int water = registers[WaterLevelReg] & 0x3F;
            int value = 0;
            if (fifoCount <= water)
            {
                value |= 0x01;
            }

            if (FifoSize - fifoCount <= water)
            {
                value |= 0x02;
            }

            if (timerRunning)
            {
                value |= 0x08;
            }

            if (IrqRequested())
            {
                value |= 0x10;
            }

            if (crcReady)
            {
                value |= 0x20;
            }

            if (crcReady && crc == 0)
            {
                value |= 0x40;
            }

            return (byte)value;
        }

        private int ModemState()
        {
            // Status2Reg ModemState (9.3.1.9).
            switch (phase)
            {
                case Phase.WaitForStartSend:
                    return 1;
                case Phase.Transmitting:
                    return 3;
                case Phase.WaitForData:
                    return 5;
                case Phase.Receiving:
                    return 6;
                default:
                    return 0;
            }
        }

        private bool IrqRequested()
        {
            return (registers[ComIrqReg] & registers[ComIEnReg] & 0x7F) != 0 || (registers[DivIrqReg] & registers[DivIEnReg] & 0x14) != 0;
        }

        private void UpdateIrq()
        {
            if (hardPowerDown)
            {
                // Not driven; the board's pull-up (or the open-drain idle level) reads high.
                irqPin.Drive(true);
                return;
            }

            // IRQ = Status1Reg IRq, inverted when IRqInv (9.3.1.3). With IRQPushPull = 0 the pin is open drain: a
            // high level is high impedance, modelled as pulled up, so the level seen is the same (9.3.1.4).
            bool active = IrqRequested();
            bool inverted = (registers[ComIEnReg] & 0x80) != 0;
            irqPin.Drive(active != inverted);
        }

        private void ResetRegisters()
        {
            Array.Copy(ResetValues, registers, 64);
            fifoCount = 0;
            command = CmdIdle;
            phase = Phase.Idle;
            CancelRadio();
            timerRunning = false;
            timerReload = 0;
            timerExpireAt = VirtualClock.Never;
            crc = 0xFFFF;
            crcReady = true;
            DropCardAnswer();
            piccField.SetCarrier(false, clock.Now);
        }

        private void SoftReset()
        {
            // All registers to reset values, the internal buffer kept (10.3.1.10); PowerDown reads 1 meanwhile.
            ResetRegisters();
            resetting = true;
            resetDoneAt = clock.Now + InternalResetMicroseconds;
        }

        private void OnResetPinChanged(bool high)
        {
            if (!high)
            {
                // Hard power-down (8.8.1): everything stops, the carrier goes off.
                hardPowerDown = true;
                resetting = false;
                resetDoneAt = VirtualClock.Never;
                ResetRegisters();
                Array.Clear(internalBuffer, 0, InternalBufferSize);
            }
            else if (hardPowerDown)
            {
                // Rising edge: internal reset, then the oscillator starts (8.8.2).
                hardPowerDown = false;
                ResetRegisters();
                resetting = true;
                resetDoneAt = clock.Now + InternalResetMicroseconds + OscillatorStartupMicroseconds;
            }

            UpdateIrq();
        }
    }
}
