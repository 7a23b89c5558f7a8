using System;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mifare;

namespace DualReader.Firmware.Mfrc522
{
    /// <summary>
    /// MIFARE Classic authentication with the chip's Crypto1 unit (datasheet 10.3.1.9 MFAuthent, 9.3.1.9 Status2Reg).
    /// </summary>
    public sealed partial class Mfrc522 : IMifareAuthenticator
    {
        /// <summary>Default time allowed for each card answer of the authentication (µs). Cards answer within a few
        /// hundred µs; a wrong key costs this wait once (the card stays mute and only the timer ends MFAuthent).</summary>
        public const int DefaultAuthenticationTimeoutMicroseconds = 5000;

        // Status2Reg MFCrypto1On (9.3.1.9): set by a successful MFAuthent, cleared by software.
        private const byte MFCrypto1On = 0x08;

        // Bits of the two frames PCD->PICC (AUTH + block + CRC_A; {nR}{aR}) and PICC->PCD (nT; {aT}) with parity,
        // SOF and EOF (ISO/IEC 14443-3 6.2.3): 4, 8, 4 and 4 bytes.
        private const int AuthenticationAirBits = (4 * 9) + 2 + (8 * 9) + 2 + (4 * 9) + 2 + (4 * 9) + 2;

        /// <inheritdoc />
        /// <remarks>
        /// The FIFO takes the 12 bytes MFAuthent expects (10.3.1.9: command code, block address, 6 key bytes, 4 UID
        /// bytes), then the command runs the three-pass protocol on its own. "This command does not terminate
        /// automatically if the card does not answer, so the timer must be initialized to automatic mode": TAuto runs
        /// the timer from the end of each frame sent, so TimerIRq ends a mute card's wait and the command is stopped
        /// here with Idle. IdleIRq (and ErrIRq, for ProtocolErr) are enabled on the IRQ line for the command only;
        /// "during authentication processing, the RxIRq bit and TxIRq bit are blocked". Success is MFCrypto1On set
        /// once the command ended. About 8 SPI calls; the key goes over SPI only, never to a log.
        /// </remarks>
        public TransceiveResult Authenticate(MifareKeyType keyType, byte block, byte[] key, int keyOffset, byte[] uid, int uidOffset, int timeoutMicroseconds)
        {
            if (keyType != MifareKeyType.KeyA && keyType != MifareKeyType.KeyB)
            {
                throw new ArgumentOutOfRangeException("keyType");
            }

            if (key == null || uid == null)
            {
                throw new ArgumentNullException(key == null ? "key" : "uid");
            }

            if (keyOffset < 0 || keyOffset + 6 > key.Length)
            {
                throw new ArgumentOutOfRangeException("keyOffset");
            }

            if (uidOffset < 0 || uidOffset + 4 > uid.Length)
            {
                throw new ArgumentOutOfRangeException("uidOffset");
            }

            if (timeoutMicroseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("timeoutMicroseconds");
            }

            // Stop Transceive and empty the FIFO: MFAuthent reads its 12 bytes from an empty FIFO filled here.
            Abort();
            if (restartBeforeNextExchange)
            {
                if (!ChipStateIsClean())
                {
                    modesKnown = false;
                    timerPrescalerShadow = -1;
                    timerReloadShadow = -1;
                    return TransceiveResult.ChipError;
                }

                restartBeforeNextExchange = false;
            }

            ProgramTimer(timeoutMicroseconds);
            WriteRegister(Register.ComIrqReg, (byte)ComInterrupts.All);
            WriteRegister(Register.ComIEnReg, (byte)(ComInterrupts.Set1OrIrqInvert | ComInterrupts.Idle | ComInterrupts.Error | ComInterrupts.Timer));

            mosi[0] = (byte)((int)Register.FIFODataReg << 1);
            mosi[1] = (byte)keyType;
            mosi[2] = block;
            Array.Copy(key, keyOffset, mosi, 3, 6);
            Array.Copy(uid, uidOffset, mosi, 9, 4);
            spi.Write(mosi, 0, 13);
            Array.Clear(mosi, 3, 6);
            WriteRegister(Register.CommandReg, (byte)Command.MFAuthent);

            // Two frames each way; the timer restarts after each frame sent, so a card that answers the first and not
            // the second takes up to twice the timeout.
            int waitMicroseconds = AirMicroseconds(AuthenticationAirBits, BitRate.Kbps106) + (2 * timeoutMicroseconds) + IrqMarginMicroseconds;
            bool signalled = irq.WaitForLevel(false, waitMicroseconds);

            int n = 0;
            mosi[n++] = (byte)(0x80 | ((int)Register.ComIrqReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.ErrorReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.Status2Reg << 1));
            mosi[n++] = 0;
            spi.TransferFullDuplex(mosi, 0, miso, 0, n);
            ComInterrupts requests = (ComInterrupts)miso[1];
            Errors errors = (Errors)miso[2];
            byte status2 = miso[3];
            bool ended = (requests & ComInterrupts.Idle) != 0;
            if (!ended)
            {
                // Still running (timer, error, or no IRQ at all): stop it; Crypto1On is valid after that (10.3.1.9).
                WriteRegister(Register.CommandReg, (byte)Command.Idle);
            }

            WriteRegister(Register.ComIEnReg, (byte)(ComInterrupts.Set1OrIrqInvert | ComInterrupts.Rx | ComInterrupts.Timer));
            if (!signalled)
            {
                restartBeforeNextExchange = true;
                return TransceiveResult.ChipError;
            }

            if (ended && (status2 & MFCrypto1On) != 0)
            {
                return TransceiveResult.Ok;
            }

            if ((errors & Errors.ProtocolErr) != 0)
            {
                // "If an error occurs during authentication, the ErrorReg register's ProtocolErr bit is set" (10.3.1.9).
                return TransceiveResult.ProtocolError;
            }

            if ((requests & ComInterrupts.Timer) != 0)
            {
                return TransceiveResult.NoResponse;
            }

            // The IRQ fell for none of the enabled reasons, or the command ended without Crypto1On: not the chip
            // talking. Check it before the next exchange.
            restartBeforeNextExchange = true;
            return TransceiveResult.ChipError;
        }

        /// <inheritdoc />
        /// <remarks>Clears Status2Reg MFCrypto1On ("this bit is cleared by software", 9.3.1.9) with one write of 00h:
        /// the register's other writable bits (TempSensClear, I2CForceHS) are 0 as after reset, the driver never sets
        /// them.</remarks>
        public void StopCrypto1()
        {
            WriteRegister(Register.Status2Reg, 0x00);
        }
    }
}
