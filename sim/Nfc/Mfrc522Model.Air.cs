using System;
using System.Collections;
using DualReader.Firmware.Iso14443;
using DualReader.Sim.Bus;
using DualReader.Sim.Pins;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Nfc
{
    /// <summary>The MFRC522 model's radio side: transmission, the card's answer, reception and the bit timing of both (datasheet 9.3.3, ISO/IEC 14443-3 frame delay times).</summary>
    public sealed partial class Mfrc522Model
    {
        private void CancelRadio()
        {
            // The chip stops transmitting and receiving. An answer the PICC is still computing (rxStartAt) is not the
            // chip's to cancel: it goes on air when the PICC is done, into whatever receive window is open then.
            txEndAt = VirtualClock.Never;
            rxEndAt = VirtualClock.Never;
            rxExpected = false;
        }

        /// <summary>Forgets the PICC's pending answer (it lost its power: carrier off, chip reset).</summary>
        private void DropCardAnswer()
        {
            rxStartAt = VirtualClock.Never;
            rxEndAt = VirtualClock.Never;
            rxExpected = false;
        }

        private void StartTransmission()
        {
            // The frame: all FIFO bytes, TxLastBits valid bits in the last one (9.3.1.14), CRC_A appended when
            // TxCRCEn (9.3.2.3). The FIFO empties as the bytes go out.
            txFrame.Clear();
            int lastBits = registers[BitFramingReg] & 0x07;
            int count = fifoCount;
            for (int i = 0; i < count; i++)
            {
                byte value = PopFifo();
                int bits = (i == count - 1 && lastBits != 0) ? lastBits : 8;
                for (int b = 0; b < bits; b++)
                {
                    txFrame.AppendBit((value >> b) & 1);
                }
            }

            if ((registers[TxModeReg] & 0x80) != 0)
            {
                int value = CrcPreset();
                for (int i = 0; i < count; i++)
                {
                    value = CrcA.Update(value, txFrame.Data[i]);
                }

                txFrame.AppendByte((byte)(value & 0xFF));
                txFrame.AppendByte((byte)(value >> 8));
            }

            EncryptIfCrypto1On(txFrame);
            long now = clock.Now;
            if (RecordTrace)
            {
                trace.Add(new AirTraceEntry(now, true, txFrame));
            }

            phase = Phase.Transmitting;
            txAirMicroseconds = CyclesToMicroseconds((long)txFrame.AirBits * CyclesPerBit(TxRate()));
            txEndAt = now + txAirMicroseconds;
        }

        private void OnTransmitEnd(long now)
        {
            ledger.AirMicroseconds += txAirMicroseconds;
            if (command != CmdMFAuthent)
            {
                // "During authentication processing, the RxIRq bit and TxIRq bit are blocked" (10.3.1.9).
                registers[ComIrqReg] = (byte)(registers[ComIrqReg] | TxIRq);
            }

            bool carrier = (registers[TxControlReg] & 0x03) != 0;
            int collision = -1;
            BitRate answerRate = BitRate.Kbps106;
            int processing = 0;
            int answers = 0;

            // A PICC still computing its answer to an earlier frame does not take this one (ISO/IEC 14443-4 7.1: it
            // answers each block after its processing; until then it does not receive); its answer stays due. The
            // model keeps one pending answer for the whole field, so meanwhile no PICC takes a frame: only one PICC
            // is ever in an ISO-DEP exchange, and the reader only polls again after switching the field off.
            if (carrier && rxStartAt == VirtualClock.Never)
            {
                answers = piccField.Exchange(txFrame, TxRate(), now, rxFrame, out collision, out answerRate, out processing);
                if (answers > 0 && rxFrame.BitCount > 0)
                {
                    // The answer goes on air after the frame delay time and the PICC's processing, whether or not the
                    // chip is still listening then (OnReceiveStart decides).
                    rxCorrupted = piccField.LastAnswerCorrupted;
                    rxCollision = collision;
                    rxAnswerRate = answerRate;
                    rxDelayMicroseconds = CyclesToMicroseconds(txFrame.LastBitOnAir != 0 ? FrameDelayCyclesLastOne : FrameDelayCyclesLastZero);
                    rxProcessingMicroseconds = processing;
                    rxAirMicroseconds = CyclesToMicroseconds((long)rxFrame.AirBits * CyclesPerBit(answerRate));
                    rxStartAt = now + rxDelayMicroseconds + processing;
                }
            }

            if (command == CmdTransmit)
            {
                Finish();
                return;
            }

            if (command == CmdMFAuthent)
            {
                OnAuthentFrameSent(now);
                return;
            }

            if (command != CmdTransceive)
            {
                return;
            }

            phase = Phase.WaitForData;
            ReceiverStartup();
            if ((registers[TModeReg] & 0x80) != 0)
            {
                // TAuto: the timer starts at the end of the transmission (9.3.3.10).
                StartTimer(now);
            }
        }

        private void ReceiverStartup()
        {
            // Cleared "at receiver start-up phase" (9.3.1.7); CollReg shows no collision yet (9.3.1.15).
            registers[ErrorReg] = (byte)(registers[ErrorReg] & ~(ProtocolErr | 0x02 | CRCErr | CollErr));
            registers[CollReg] = (byte)((registers[CollReg] & 0x80) | 0x20);
        }

        private void OnReceiveStart()
        {
            // The PICC's answer begins on air. The chip decodes it only while a Transceive or Receive waits for data,
            // with the analog receiver on (RcvOff clear, 9.3.1.2) and RxSpeed at the answer's rate; otherwise it is
            // lost on air (the reader abandoned the wait, or is transmitting).
            bool listening = phase == Phase.WaitForData && (command == CmdTransceive || command == CmdReceive || command == CmdMFAuthent)
                && (registers[CommandReg] & 0x20) == 0 && rxAnswerRate == RxRate();
            if (RecordTrace && !listening)
            {
                trace.Add(new AirTraceEntry(clock.Now, false, rxFrame));
            }

            if (!listening)
            {
                LostAnswers++;
                return;
            }

            rxExpected = true;
            phase = Phase.Receiving;
            if ((registers[TModeReg] & 0x80) != 0)
            {
                // TAuto: the timer stops once data is being received (9.3.3.10).
                StopTimer();
            }

            if (RecordTrace)
            {
                trace.Add(new AirTraceEntry(clock.Now, false, rxFrame));
            }

            rxEndAt = clock.Now + rxAirMicroseconds;
        }

        private void OnReceiveEnd()
        {
            if (!rxExpected)
            {
                return;
            }

            rxExpected = false;
            ledger.AirMicroseconds += rxDelayMicroseconds + rxAirMicroseconds;
            ledger.CardProcessingMicroseconds += rxProcessingMicroseconds;
            if (command == CmdMFAuthent)
            {
                OnAuthentFrameReceived();
                return;
            }

            // With MFCrypto1On the frame is decrypted first; its parity bits are checked against the plaintext.
            int errors = DecryptIfCrypto1On(rxFrame);
            int bits = rxFrame.BitCount;
            bool at106 = RxRate() == BitRate.Kbps106;
            if (rxCollision >= 0 && at106)
            {
                // Bit collision (only detectable with the 106 kBd Manchester code, 9.3.1.7 CollErr).
                errors |= CollErr;
                int position = (registers[BitFramingReg] >> 4 & 0x07) + rxCollision + 1;
                if (position <= 32)
                {
                    // CollPos: 1..31, 0 = 32nd bit, counted with RxAlign (9.3.1.15; MFRC631 9.6.4 states the
                    // RxAlign inclusion for the same logic).
                    registers[CollReg] = (byte)((registers[CollReg] & 0x80) | (position & 0x1F));
                }

                if ((registers[CollReg] & 0x80) == 0)
                {
                    // ValuesAfterColl = 0: all bits after the collision are cleared.
                    for (int i = rxCollision + 1; i < bits; i++)
                    {
                        rxFrame.SetBit(i, 0);
                    }
                }
            }
            else if (rxCollision >= 0)
            {
                // At 212..848 kBd a collision is not located; it corrupts the frame (modelled as a CRC error).
                errors |= CRCErr;
            }

            if (rxCorrupted && bits >= 8)
            {
                // A bit flipped on air breaks the odd parity of its byte (ISO/IEC 14443-3 6.2.3.2): ParityErr
                // (9.3.1.7); the CRC check below then fails as well.
                rxFrame.SetBit(bits - 9, rxFrame.GetBit(bits - 9) ^ 1);
                errors |= 0x02;
            }

            int storeBits = bits;
            if ((registers[RxModeReg] & 0x80) != 0)
            {
                // RxCRCEn: the chip checks CRC_A over the frame (9.3.2.4). The CRC bytes are not put into the
                // FIFO (assumed: the datasheet text does not say it explicitly, and the driver depends on it unless
                // Mfrc522.SoftwareCrcAt106 makes it receive with RxCRCEn = 0 at 106 kBd). Without RxCRCEn nothing
                // is checked and every received byte, CRC_A included, goes into the FIFO.
                int bytes = bits / 8;
                if (bits % 8 != 0 || bytes < 2 || !CrcA.Check(rxFrame.Data, 0, bytes))
                {
                    errors |= CRCErr;
                }
                else
                {
                    storeBits = bits - 16;
                }
            }

            // Into the FIFO: the first received bit goes to bit RxAlign of the first byte (9.3.1.14).
            int align = (registers[BitFramingReg] >> 4) & 0x07;
            int total = align + storeBits;
            int byteCount = (total + 7) / 8;
            for (int i = 0; i < byteCount; i++)
            {
                int value = 0;
                for (int b = 0; b < 8; b++)
                {
                    int position = (i * 8) + b - align;
                    if (position >= 0 && position < storeBits)
                    {
                        value |= rxFrame.GetBit(position) << b;
                    }
                }

                if (fifoCount >= FifoSize)
                {
                    errors |= BufferOvfl;
                    break;
                }

                PushFifo((byte)value);
            }

            // RxLastBits: valid bits of the last byte, 0 = whole byte (9.3.1.13).
            registers[ControlReg] = (byte)((registers[ControlReg] & 0xF8) | (total % 8));
            registers[ErrorReg] = (byte)(registers[ErrorReg] | errors);
            registers[ComIrqReg] = (byte)(registers[ComIrqReg] | RxIRq | (errors != 0 ? ErrIRq : 0));
            if (command == CmdReceive)
            {
                Finish();
            }
            else
            {
                // Transceive waits for the next StartSend (10.3.1.8).
                phase = Phase.WaitForStartSend;
            }
        }

        private BitRate TxRate()
        {
            return (BitRate)((registers[TxModeReg] >> 4) & 0x03);
        }

        private BitRate RxRate()
        {
            return (BitRate)((registers[RxModeReg] >> 4) & 0x03);
        }

        private static int CyclesPerBit(BitRate rate)
        {
            // fc/128, fc/64, fc/32, fc/16 (ISO/IEC 14443-2 8.1, 9.1).
            return 128 >> (int)rate;
        }

        private static long CyclesToMicroseconds(long cycles)
        {
            // fc = 13.56 MHz; rounded up to the model's 1 µs resolution.
            return ((cycles * 100) + 1355) / 1356;
        }
    }
}
