using System;
using DualReader.Firmware.Iso14443;

namespace DualReader.Firmware.Mifare
{
    /// <summary>
    /// NFC Forum Type 2 tag commands for MIFARE Ultralight and NTAG21x (NTAG213/215/216 datasheet rev 3.2, section 10;
    /// MF0ICU1 section 9): GET_VERSION, READ (4 pages), WRITE (1 page). No Crypto1: plain frames with CRC_A. READ and
    /// GET_VERSION go through <see cref="IFrameTransceiver"/> (chip CRC); WRITE, acknowledged by a 4-bit ACK/NAK,
    /// through <see cref="IBitFrameTransceiver"/>. A NAK or a command the tag does not know sends it back to IDLE
    /// (or HALT): re-activate before the next command.
    /// </summary>
    public sealed class Type2Tag
    {
        /// <summary>Bytes in a page.</summary>
        public const int PageSize = 4;

        /// <summary>Bytes one READ returns (4 pages).</summary>
        public const int ReadLength = 16;

        /// <summary>Bytes of the GET_VERSION answer (NTAG21x 10.1).</summary>
        public const int VersionLength = 8;

        /// <summary>GET_VERSION (NTAG21x 10.1).</summary>
        public const byte GetVersionCommand = 0x60;

        /// <summary>READ (NTAG21x 10.2, MF0ICU1 9.2).</summary>
        public const byte ReadCommand = 0x30;

        /// <summary>WRITE (NTAG21x 10.4, MF0ICU1 9.3).</summary>
        public const byte WriteCommand = 0xA2;

        /// <summary>Wait for READ and GET_VERSION answers (µs).</summary>
        public const int FrameTimeoutMicroseconds = 5000;

        /// <summary>Wait for the ACK of WRITE, after the EEPROM programming (NTAG21x: 4.1 ms typical, µs).</summary>
        public const int WriteTimeoutMicroseconds = 10000;

        private readonly IFrameTransceiver frames;
        private readonly IBitFrameTransceiver bits;
        private readonly byte[] tx = new byte[8];
        private readonly byte[] rx = new byte[ReadLength + 2];
        private int lastNak = -1;

        /// <summary>Type 2 commands over a chip's frame interfaces (the MFRC522 driver is both).</summary>
        public Type2Tag(IFrameTransceiver frames, IBitFrameTransceiver bits)
        {
            if (frames == null || bits == null)
            {
                throw new ArgumentNullException(frames == null ? "frames" : "bits");
            }

            this.frames = frames;
            this.bits = bits;
        }

        /// <summary>The 4-bit code of the last NAK (0..15), or -1 when the last command had none.</summary>
        public int LastNak
        {
            get { return lastNak; }
        }

        /// <summary>GET_VERSION: the 8 version bytes (header 00h, vendor 04h = NXP, type, subtype, major, minor,
        /// storage size, protocol 03h). A tag without the command (MIFARE Ultralight MF0ICU1) stays mute:
        /// <see cref="MifareResult.NoResponse"/>, and it is back in IDLE.</summary>
        public MifareResult GetVersion(byte[] buffer, int offset)
        {
            CheckBuffer(buffer, offset, VersionLength);
            tx[0] = GetVersionCommand;
            return Exchange(1, VersionLength, buffer, offset);
        }

        /// <summary>READ: pages <paramref name="page"/>..+3 (16 bytes; the tag rolls over to page 0 past its last
        /// page, NTAG21x 10.2).</summary>
        public MifareResult ReadPages(int page, byte[] buffer, int offset)
        {
            CheckPage(page);
            CheckBuffer(buffer, offset, ReadLength);
            tx[0] = ReadCommand;
            tx[1] = (byte)page;
            return Exchange(2, ReadLength, buffer, offset);
        }

        /// <summary>WRITE: 4 bytes into <paramref name="page"/>, acknowledged by ACK (Ah).</summary>
        public MifareResult WritePage(int page, byte[] data, int offset)
        {
            CheckPage(page);
            CheckBuffer(data, offset, PageSize);
            lastNak = -1;
            tx[0] = WriteCommand;
            tx[1] = (byte)page;
            Array.Copy(data, offset, tx, 2, PageSize);
            CrcA.Append(tx, 0, 2 + PageSize);
            int receivedBits;
            int collision;
            TransceiveResult result = bits.TransceiveBits(tx, 0, (2 + PageSize + 2) * 8, rx, 0, rx.Length, 0, 1, WriteTimeoutMicroseconds, out receivedBits, out collision);
            if (result != TransceiveResult.Ok)
            {
                return Map(result);
            }

            if (receivedBits != 4)
            {
                return MifareResult.TransmissionError;
            }

            if ((rx[0] & 0x0F) == MifareClassic.Ack)
            {
                return MifareResult.Ok;
            }

            lastNak = rx[0] & 0x0F;
            return MifareResult.Nak;
        }

        /// <summary>The family a GET_VERSION answer names: vendor NXP (04h) with product type NTAG (04h) and storage
        /// size 0Fh / 11h / 13h = NTAG213 / 215 / 216 (NTAG21x 10.1, table 28), product type Ultralight (03h) =
        /// MIFARE Ultralight (EV1); anything else <see cref="CardFamily.Unknown"/>.</summary>
        public static CardFamily FamilyFromVersion(byte[] version, int offset)
        {
            if (version == null)
            {
                throw new ArgumentNullException("version");
            }

            if (offset < 0 || offset + VersionLength > version.Length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            if (version[offset + 1] != 0x04)
            {
                return CardFamily.Unknown;
            }

            byte type = version[offset + 2];
            if (type == 0x03)
            {
                return CardFamily.MifareUltralight;
            }

            if (type != 0x04)
            {
                return CardFamily.Unknown;
            }

            switch (version[offset + 6])
            {
                case 0x0F:
                    return CardFamily.Ntag213;
                case 0x11:
                    return CardFamily.Ntag215;
                case 0x13:
                    return CardFamily.Ntag216;
                default:
                    return CardFamily.Unknown;
            }
        }

        private MifareResult Exchange(int count, int expected, byte[] buffer, int offset)
        {
            lastNak = -1;
            int received;
            TransceiveResult result = frames.Transceive(tx, 0, count, rx, 0, rx.Length, FrameTimeoutMicroseconds, out received);
            if (result == TransceiveResult.Ok)
            {
                if (received != expected)
                {
                    return MifareResult.TransmissionError;
                }

                Array.Copy(rx, 0, buffer, offset, expected);
                return MifareResult.Ok;
            }

            if (result == TransceiveResult.CrcError && received == 1)
            {
                // The 4-bit NAK fails the chip's CRC check (see MifareClassic).
                lastNak = rx[0] & 0x0F;
                return MifareResult.Nak;
            }

            return Map(result);
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

        private static void CheckPage(int page)
        {
            if (page < 0 || page > 255)
            {
                throw new ArgumentOutOfRangeException("page");
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
