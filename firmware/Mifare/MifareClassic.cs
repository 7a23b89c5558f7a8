using System;
using DualReader.Firmware.Iso14443;

namespace DualReader.Firmware.Mifare
{
    /// <summary>
    /// MIFARE Classic commands on a selected card (MF1S50 / MF1S70 datasheets, section 10, "MIFARE Classic commands"):
    /// authentication through the reader chip's Crypto1 (<see cref="IMifareAuthenticator"/>), READ, the two-part WRITE,
    /// the value operations INCREMENT, DECREMENT and RESTORE with TRANSFER, and HALT. Encryption is the chip's business:
    /// these frames are plaintext here and the chip encrypts them on air while Crypto1 is on.
    /// </summary>
    /// <remarks>
    /// <para>Frames. READ answers 16 bytes + CRC_A and goes through <see cref="IFrameTransceiver"/> (the chip appends and
    /// checks CRC_A). Everything the card acknowledges with a 4-bit ACK/NAK (10.2: ACK Ah, NAK 0h/1h/4h/5h) goes through
    /// <see cref="IBitFrameTransceiver"/>, which reports the 4 bits as they are, with CRC_A appended here
    /// (<see cref="CrcA"/>, 2 + 16 bytes at most). A NAK to READ arrives as a 4-bit frame that fails the chip's CRC
    /// check: one byte with a CRC error is read as that NAK.</para>
    /// <para>After a NAK, or an authentication that failed, the card is back in IDLE or HALT (not authenticated): the
    /// caller re-activates it (WUPA) before anything else. Buffers are allocated once; no operation allocates.</para>
    /// </remarks>
    public sealed class MifareClassic
    {
        /// <summary>Wait for an answer to READ, the first part of WRITE and the value commands (µs).</summary>
        public const int FrameTimeoutMicroseconds = 5000;

        /// <summary>Wait for the ACK of WRITE data and TRANSFER, which comes after the EEPROM is programmed (µs).</summary>
        public const int WriteTimeoutMicroseconds = 10000;

        /// <summary>
        /// Wait after the operand of INCREMENT, DECREMENT and RESTORE (µs): the card answers only a NAK there, so
        /// silence for this long is the success (MF1S50 10.5: "no acknowledge" after the second part).
        /// </summary>
        public const int OperandSilenceMicroseconds = 2000;

        /// <summary>The 4-bit ACK (MF1S50 10.2, table 10).</summary>
        public const int Ack = 0x0A;

        /// <summary>READ (MF1S50 10.3).</summary>
        public const byte Read = 0x30;

        /// <summary>WRITE (MF1S50 10.4).</summary>
        public const byte Write = 0xA0;

        /// <summary>DECREMENT (MF1S50 10.5).</summary>
        public const byte Decrement = 0xC0;

        /// <summary>INCREMENT (MF1S50 10.5).</summary>
        public const byte Increment = 0xC1;

        /// <summary>RESTORE (MF1S50 10.5).</summary>
        public const byte Restore = 0xC2;

        /// <summary>TRANSFER (MF1S50 10.5).</summary>
        public const byte Transfer = 0xB0;

        private readonly IFrameTransceiver frames;
        private readonly IBitFrameTransceiver bits;
        private readonly IMifareAuthenticator authenticator;
        private readonly byte[] tx = new byte[MifareClassicLayout.BlockSize + 2];
        private readonly byte[] rx = new byte[MifareClassicLayout.BlockSize + 2];
        private readonly byte[] scratch = new byte[MifareClassicLayout.BlockSize];
        private int lastNak = -1;

        /// <summary>MIFARE Classic over a chip's frame interfaces and its Crypto1 authentication (the MFRC522 driver
        /// is all three).</summary>
        public MifareClassic(IFrameTransceiver frames, IBitFrameTransceiver bits, IMifareAuthenticator authenticator)
        {
            if (frames == null || bits == null || authenticator == null)
            {
                throw new ArgumentNullException(frames == null ? "frames" : (bits == null ? "bits" : "authenticator"));
            }

            this.frames = frames;
            this.bits = bits;
            this.authenticator = authenticator;
        }

        /// <summary>The 4-bit code of the last NAK (0..15), or -1 when the last operation had none.</summary>
        public int LastNak
        {
            get { return lastNak; }
        }

        /// <summary>
        /// Authenticates for the sector of <paramref name="block"/> (MF1S50 10.1). The card's Crypto1 uses the last 4
        /// bytes of the UID (all 4 of a single-size UID; NXP AN10927 3.2.5). A failure leaves the card unauthenticated
        /// and, for a wrong key, in IDLE: <see cref="MifareResult.AuthFailed"/> covers both a wrong key and a card that
        /// left (the chip cannot tell them apart; probe with WUPA to know).
        /// </summary>
        public MifareResult Authenticate(MifareKeyType keyType, int block, byte[] key, int keyOffset, byte[] uid, int uidOffset, int uidLength)
        {
            CheckBlock(block);
            if (uid == null)
            {
                throw new ArgumentNullException("uid");
            }

            if (uidLength != 4 && uidLength != 7 && uidLength != 10)
            {
                throw new ArgumentOutOfRangeException("uidLength");
            }

            lastNak = -1;
            TransceiveResult result = authenticator.Authenticate(keyType, (byte)block, key, keyOffset, uid, uidOffset + uidLength - 4, FrameTimeoutMicroseconds);
            switch (result)
            {
                case TransceiveResult.Ok:
                    return MifareResult.Ok;
                case TransceiveResult.ChipError:
                    return MifareResult.ChipError;
                default:
                    // Mute (wrong key: the card does not answer a wrong reader response) or a malformed answer (an
                    // encrypted NAK when only the parity bits happened to fit).
                    return MifareResult.AuthFailed;
            }
        }

        /// <summary>READ (MF1S50 10.3): the 16 bytes of <paramref name="block"/> into <paramref name="buffer"/>.</summary>
        public MifareResult ReadBlock(int block, byte[] buffer, int offset)
        {
            CheckBlock(block);
            CheckBuffer(buffer, offset, MifareClassicLayout.BlockSize);
            lastNak = -1;
            tx[0] = Read;
            tx[1] = (byte)block;
            int received;
            TransceiveResult result = frames.Transceive(tx, 0, 2, rx, 0, rx.Length, FrameTimeoutMicroseconds, out received);
            if (result == TransceiveResult.Ok)
            {
                if (received != MifareClassicLayout.BlockSize)
                {
                    return MifareResult.TransmissionError;
                }

                Array.Copy(rx, 0, buffer, offset, MifareClassicLayout.BlockSize);
                return MifareResult.Ok;
            }

            if (result == TransceiveResult.CrcError && received == 1)
            {
                // A 4-bit frame cannot carry CRC_A: the chip reports it as a CRC error with its nibble in the FIFO.
                return Nak(rx[0]);
            }

            return Map(result);
        }

        /// <summary>WRITE (MF1S50 10.4): command and address, ACK, then the 16 bytes, ACK.</summary>
        public MifareResult WriteBlock(int block, byte[] data, int offset)
        {
            CheckBlock(block);
            CheckBuffer(data, offset, MifareClassicLayout.BlockSize);
            MifareResult first = Command(Write, block);
            if (first != MifareResult.Ok)
            {
                return first;
            }

            Array.Copy(data, offset, tx, 0, MifareClassicLayout.BlockSize);
            return SendForAck(MifareClassicLayout.BlockSize, WriteTimeoutMicroseconds);
        }

        /// <summary>Reads <paramref name="block"/> and decodes it as a value block; <see cref="MifareResult.ValueBlockInvalid"/>
        /// when its copies disagree.</summary>
        public MifareResult ReadValue(int block, out int value, out int address)
        {
            value = 0;
            address = 0;
            MifareResult result = ReadBlock(block, scratch, 0);
            if (result != MifareResult.Ok)
            {
                return result;
            }

            return MifareValueBlock.TryDecode(scratch, 0, out value, out address) ? MifareResult.Ok : MifareResult.ValueBlockInvalid;
        }

        /// <summary>Writes <paramref name="block"/> as a value block (MF1S50 8.6.2.1) with the usual address byte.</summary>
        public MifareResult WriteValue(int block, int value, int address)
        {
            MifareValueBlock.Encode(value, address, scratch, 0);
            return WriteBlock(block, scratch, 0);
        }

        /// <summary>INCREMENT (MF1S50 10.5): the card adds <paramref name="amount"/> to <paramref name="block"/>'s value
        /// into its transfer buffer; <see cref="TransferBuffer"/> stores it.</summary>
        public MifareResult IncrementValue(int block, int amount)
        {
            return ValueOperation(Increment, block, amount);
        }

        /// <summary>DECREMENT (MF1S50 10.5): the value minus <paramref name="amount"/> into the transfer buffer.</summary>
        public MifareResult DecrementValue(int block, int amount)
        {
            return ValueOperation(Decrement, block, amount);
        }

        /// <summary>RESTORE (MF1S50 10.5): <paramref name="block"/>'s value into the transfer buffer unchanged.</summary>
        public MifareResult RestoreValue(int block)
        {
            return ValueOperation(Restore, block, 0);
        }

        /// <summary>TRANSFER (MF1S50 10.5): writes the transfer buffer to <paramref name="block"/>.</summary>
        public MifareResult TransferBuffer(int block)
        {
            CheckBlock(block);
            lastNak = -1;
            tx[0] = Transfer;
            tx[1] = (byte)block;
            return SendForAck(2, WriteTimeoutMicroseconds);
        }

        /// <summary>HLTA (ISO/IEC 14443-3 6.4.3; encrypted when Crypto1 is on, MF1S50 10.6): <see cref="MifareResult.Ok"/>
        /// when the card stays mute.</summary>
        public MifareResult Halt()
        {
            lastNak = -1;
            tx[0] = TypeAActivation.HaltA;
            tx[1] = 0x00;
            CrcA.Append(tx, 0, 2);
            int receivedBits;
            int collision;
            TransceiveResult result = bits.TransceiveBits(tx, 0, 32, rx, 0, rx.Length, 0, 0, TypeAActivation.HaltSilenceMicroseconds, out receivedBits, out collision);
            if (result == TransceiveResult.NoResponse)
            {
                return MifareResult.Ok;
            }

            return result == TransceiveResult.ChipError ? MifareResult.ChipError : MifareResult.TransmissionError;
        }

        /// <summary>Switches the chip's encryption off (<see cref="IMifareAuthenticator.StopCrypto1"/>).</summary>
        public void StopCrypto1()
        {
            authenticator.StopCrypto1();
        }

        private MifareResult ValueOperation(byte command, int block, int operand)
        {
            CheckBlock(block);
            MifareResult first = Command(command, block);
            if (first != MifareResult.Ok)
            {
                return first;
            }

            // The operand, little-endian (MF1S50 10.5); the card answers only when it refuses it.
            MifareValueBlock.WriteInt(operand, tx, 0);
            CrcA.Append(tx, 0, 4);
            int receivedBits;
            int collision;
            TransceiveResult result = bits.TransceiveBits(tx, 0, 48, rx, 0, rx.Length, 0, 1, OperandSilenceMicroseconds, out receivedBits, out collision);
            if (result == TransceiveResult.NoResponse)
            {
                return MifareResult.Ok;
            }

            if (result == TransceiveResult.Ok && receivedBits == 4)
            {
                return Nak(rx[0]);
            }

            return Map(result);
        }

        // First part of a two-part command: command code and block address, answered by ACK or NAK.
        private MifareResult Command(byte command, int block)
        {
            lastNak = -1;
            tx[0] = command;
            tx[1] = (byte)block;
            return SendForAck(2, FrameTimeoutMicroseconds);
        }

        // Sends tx[0..count) with CRC_A appended and expects the 4-bit ACK.
        private MifareResult SendForAck(int count, int timeoutMicroseconds)
        {
            CrcA.Append(tx, 0, count);
            int receivedBits;
            int collision;
            TransceiveResult result = bits.TransceiveBits(tx, 0, (count + 2) * 8, rx, 0, rx.Length, 0, 1, timeoutMicroseconds, out receivedBits, out collision);
            if (result != TransceiveResult.Ok)
            {
                return Map(result);
            }

            if (receivedBits != 4)
            {
                return MifareResult.TransmissionError;
            }

            return (rx[0] & 0x0F) == Ack ? MifareResult.Ok : Nak(rx[0]);
        }

        private MifareResult Nak(byte nibble)
        {
            lastNak = nibble & 0x0F;
            return MifareResult.Nak;
        }

        private static MifareResult Map(TransceiveResult result)
        {
            switch (result)
            {
                case TransceiveResult.NoResponse:
                    return MifareResult.NoResponse;
                case TransceiveResult.ChipError:
                    return MifareResult.ChipError;
                default:
                    return MifareResult.TransmissionError;
            }
        }

        private static void CheckBlock(int block)
        {
            if (block < 0 || block > 255)
            {
                throw new ArgumentOutOfRangeException("block");
            }
        }

        private static void CheckBuffer(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
        }
    }
}
