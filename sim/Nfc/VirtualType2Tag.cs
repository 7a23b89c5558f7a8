using System;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mifare;
using DualReader.Sim.Scenarios;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// A virtual NFC Forum Type 2 tag: MIFARE Ultralight (MF0ICU1, 16 pages) or NTAG213/215/216 (NTAG213_215_216
    /// datasheet rev 3.2: 45/135/231 pages). Commands: READ 30h (4 pages, rolling over to page 0 past the last one),
    /// WRITE A2h (4-bit ACK/NAK; pages 0..1 read-only, page 2 lock bytes and page 3 capability container one-time
    /// programmable (bits only set), static lock bits honoured), and on NTAG21x GET_VERSION 60h (the datasheet's
    /// version bytes), READ_SIG 3Ch (32 bytes), PWD_AUTH 1Bh (PACK; AUTH0/PROT protect writes, and reads with PROT)
    /// and HLTA. Attach it to a <see cref="VirtualPicc"/> (7-byte UID, ATQA 0044h, SAK 00h) as its
    /// <see cref="VirtualPicc.FrameProtocol"/>.
    /// </summary>
    /// <remarks>
    /// Modelled as the datasheets describe: a NAK (0h invalid address or access, 1h CRC error) or an unknown command
    /// (the MF0ICU1 has no GET_VERSION, READ_SIG, PWD_AUTH) sends the tag back to IDLE (or HALT). Not modelled:
    /// dynamic lock bits, the NFC counter, FAST_READ, COMPATIBILITY_WRITE, the authentication limit, UID mirroring.
    /// </remarks>
    public sealed class VirtualType2Tag : IPiccFrameProtocol
    {
        /// <summary>NAK "invalid argument" (invalid page address or no access; NTAG21x 10.1, table 23).</summary>
        public const int NakInvalid = 0x0;

        /// <summary>NAK "parity or CRC error".</summary>
        public const int NakCrc = 0x1;

        /// <summary>GET_VERSION (NTAG21x 10.1).</summary>
        public const byte GetVersion = 0x60;

        /// <summary>READ_SIG (NTAG21x 10.7).</summary>
        public const byte ReadSignature = 0x3C;

        /// <summary>PWD_AUTH (NTAG21x 10.7).</summary>
        public const byte PasswordAuthentication = 0x1B;

        private readonly byte[] memory;
        private readonly int pageCount;
        private readonly byte[] plain = new byte[AirFrame.MaximumBytes];
        private readonly byte[] answer = new byte[34];
        private readonly byte[] version = new byte[Type2Tag.VersionLength];
        private readonly byte[] signature = new byte[32];
        private bool authenticated;

        /// <summary>
        /// A blank tag of <paramref name="type"/> (<see cref="CardFamily.MifareUltralight"/>, NTAG213/215/216) with a
        /// 7-byte <paramref name="uid"/>: UID and check bytes in pages 0..2 (ISO/IEC 14443-3 cascade BCCs), the
        /// capability container for an NDEF tag of that size in page 3, user memory zero, and on NTAG21x the factory
        /// configuration (AUTH0 FFh: no password protection, PWD FFFFFFFFh, PACK 0000h).
        /// </summary>
        public VirtualType2Tag(CardFamily type, byte[] uid)
        {
            if (uid == null || uid.Length != 7)
            {
                throw new ArgumentException("a Type 2 tag UID has 7 bytes", "uid");
            }

            pageCount = PageCount(type);
            Type = type;
            memory = new byte[pageCount * Type2Tag.PageSize];

            // Pages 0..2: UID0..2, BCC0 = CT ^ UID0..2, UID3..6, BCC1 = UID3..6 (MF0ICU1 8.5.1, NTAG21x 8.5.1).
            memory[0] = uid[0];
            memory[1] = uid[1];
            memory[2] = uid[2];
            memory[3] = (byte)(TypeAActivation.CascadeTag ^ uid[0] ^ uid[1] ^ uid[2]);
            Array.Copy(uid, 3, memory, 4, 4);
            memory[8] = (byte)(uid[3] ^ uid[4] ^ uid[5] ^ uid[6]);
            memory[9] = 0x48;

            // Page 3: CC = E1h (NDEF), 10h (mapping 1.0), data area size / 8, 00h (read/write access) (T2TOP 6.1).
            memory[12] = 0xE1;
            memory[13] = 0x10;
            memory[14] = (byte)(DataAreaBytes(type) / 8);
            memory[15] = 0x00;
            if (IsNtag)
            {
                // Configuration pages at the end (NTAG21x 8.5.7): CFG0 (MIRROR, RFUI, MIRROR_PAGE, AUTH0 = FFh),
                // CFG1 (ACCESS = 00h, ...), PWD = FFFFFFFFh, PACK = 0000h.
                int cfg0 = (pageCount - 4) * Type2Tag.PageSize;
                memory[cfg0] = 0x04;
                memory[cfg0 + 3] = 0xFF;
                memory[cfg0 + 5] = 0x05;
                for (int i = 0; i < 4; i++)
                {
                    memory[cfg0 + 8 + i] = 0xFF;
                }

                // GET_VERSION (NTAG21x 10.1, table 28): header, vendor NXP, NTAG, 50 pF, major 1, minor 0, storage
                // size, ISO/IEC 14443-3.
                version[0] = 0x00;
                version[1] = 0x04;
                version[2] = 0x04;
                version[3] = 0x02;
                version[4] = 0x01;
                version[5] = 0x00;
                version[6] = type == CardFamily.Ntag213 ? (byte)0x0F : (type == CardFamily.Ntag215 ? (byte)0x11 : (byte)0x13);
                version[7] = 0x03;

                // The originality signature is NXP's ECC signature over the UID; the model has no NXP key, so it
                // answers a fixed pattern derived from the UID (settable).
                for (int i = 0; i < signature.Length; i++)
                {
                    signature[i] = (byte)(uid[i % 7] ^ (0xA5 + (i * 29)));
                }
            }
        }

        /// <summary>Builds the tag of a scenario device with "ntag": a blank tag of its type and UID, then its "pages"
        /// from page 0 (ARCHITECTURE.md, "Scenario file").</summary>
        public static VirtualType2Tag FromScenario(ScenarioDevice device)
        {
            if (device == null || device.Ntag == null)
            {
                throw new ArgumentNullException("device");
            }

            VirtualType2Tag tag = new VirtualType2Tag(device.Ntag.Type, device.Uid);
            byte[] pages = device.Ntag.Pages;
            if (pages != null)
            {
                if (pages.Length > tag.Pages * Type2Tag.PageSize)
                {
                    throw new ArgumentOutOfRangeException("device", "more pages than the tag has");
                }

                for (int page = 0; page < pages.Length / Type2Tag.PageSize; page++)
                {
                    tag.SetPage(page, pages, page * Type2Tag.PageSize);
                }
            }

            return tag;
        }

        /// <summary>The tag type.</summary>
        public CardFamily Type { get; private set; }

        /// <summary>True for NTAG213/215/216.</summary>
        public bool IsNtag
        {
            get { return Type == CardFamily.Ntag213 || Type == CardFamily.Ntag215 || Type == CardFamily.Ntag216; }
        }

        /// <summary>Pages of the tag.</summary>
        public int Pages
        {
            get { return pageCount; }
        }

        /// <summary>The 32 bytes READ_SIG answers (NTAG21x).</summary>
        public byte[] Signature
        {
            get { return signature; }
        }

        /// <summary>Pages of a tag of <paramref name="type"/>: 16, 45, 135, 231.</summary>
        public static int PageCount(CardFamily type)
        {
            switch (type)
            {
                case CardFamily.MifareUltralight:
                    return 16;
                case CardFamily.Ntag213:
                    return 45;
                case CardFamily.Ntag215:
                    return 135;
                case CardFamily.Ntag216:
                    return 231;
                default:
                    throw new ArgumentOutOfRangeException("type");
            }
        }

        /// <summary>The NDEF data area the capability container announces: 48, 144, 496 (CC 3Eh; 504 bytes of user
        /// memory) and 872 bytes (CC 6Dh; 888 bytes of user memory) (NTAG21x 8.5.6).</summary>
        public static int DataAreaBytes(CardFamily type)
        {
            switch (type)
            {
                case CardFamily.MifareUltralight:
                    return 48;
                case CardFamily.Ntag213:
                    return 144;
                case CardFamily.Ntag215:
                    return 496;
                case CardFamily.Ntag216:
                    return 872;
                default:
                    throw new ArgumentOutOfRangeException("type");
            }
        }

        /// <summary>Sets page <paramref name="page"/> directly (personalisation, no lock check).</summary>
        public void SetPage(int page, byte[] data, int offset)
        {
            CheckPage(page);
            Array.Copy(data, offset, memory, page * Type2Tag.PageSize, Type2Tag.PageSize);
        }

        /// <summary>Copies page <paramref name="page"/> out (tests).</summary>
        public void GetPage(int page, byte[] buffer, int offset)
        {
            CheckPage(page);
            Array.Copy(memory, page * Type2Tag.PageSize, buffer, offset, Type2Tag.PageSize);
        }

        /// <summary>Writes <paramref name="count"/> bytes from page 4 on (an NDEF TLV area, tests and scenarios).</summary>
        public void SetUserData(byte[] data, int offset, int count)
        {
            if (count > (pageCount - 4) * Type2Tag.PageSize)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            Array.Copy(data, offset, memory, 4 * Type2Tag.PageSize, count);
        }

        /// <inheritdoc />
        public void Reset()
        {
            authenticated = false;
        }

        /// <inheritdoc />
        public PiccFrameOutcome HandleFrame(AirFrame request, AirFrame response, out int processingMicroseconds)
        {
            processingMicroseconds = 0;
            response.Clear();
            int bits = request.BitCount;
            if (bits % 8 != 0 || bits < 24)
            {
                return PiccFrameOutcome.Idle;
            }

            int count = bits / 8;
            Array.Copy(request.Data, 0, plain, 0, count);
            for (int i = 0; i < count; i++)
            {
                if (request.GetParity(i) != AirFrame.OddParity(plain[i]))
                {
                    return Nak(response, NakCrc);
                }
            }

            if (!CrcA.Check(plain, 0, count))
            {
                return Nak(response, NakCrc);
            }

            count -= 2;
            byte command = plain[0];
            if (count == 2 && command == TypeAActivation.HaltA && plain[1] == 0x00)
            {
                return PiccFrameOutcome.Halt;
            }

            if (count == 2 && command == Type2Tag.ReadCommand)
            {
                return Read(plain[1], response);
            }

            if (count == 6 && command == Type2Tag.WriteCommand)
            {
                return Write(plain[1], response);
            }

            if (!IsNtag)
            {
                // MF0ICU1: no other command (its command set, section 9); unknown frames end in IDLE.
                return PiccFrameOutcome.Idle;
            }

            if (count == 1 && command == GetVersion)
            {
                Array.Copy(version, 0, answer, 0, version.Length);
                return Answer(response, version.Length);
            }

            if (count == 2 && command == ReadSignature && plain[1] == 0x00)
            {
                Array.Copy(signature, 0, answer, 0, signature.Length);
                return Answer(response, signature.Length);
            }

            if (count == 5 && command == PasswordAuthentication)
            {
                int pwd = (pageCount - 2) * Type2Tag.PageSize;
                for (int i = 0; i < 4; i++)
                {
                    if (plain[1 + i] != memory[pwd + i])
                    {
                        return Nak(response, NakInvalid);
                    }
                }

                authenticated = true;
                answer[0] = memory[pwd + 4];
                answer[1] = memory[pwd + 5];
                return Answer(response, 2);
            }

            return PiccFrameOutcome.Idle;
        }

        private PiccFrameOutcome Read(int page, AirFrame response)
        {
            if (page >= pageCount || (Protected(page) && ReadProtected()))
            {
                return Nak(response, NakInvalid);
            }

            for (int i = 0; i < 4; i++)
            {
                // Roll-over to page 0 past the last page (NTAG21x 10.2); PWD and PACK always read as 00h (8.8.1).
                int p = (page + i) % pageCount;
                bool hidden = IsNtag && p >= pageCount - 2;
                for (int b = 0; b < Type2Tag.PageSize; b++)
                {
                    answer[(i * Type2Tag.PageSize) + b] = hidden ? (byte)0 : memory[(p * Type2Tag.PageSize) + b];
                }
            }

            return Answer(response, Type2Tag.ReadLength);
        }

        private PiccFrameOutcome Write(int page, AirFrame response)
        {
            if (page < 2 || page >= pageCount || Locked(page) || Protected(page))
            {
                return Nak(response, NakInvalid);
            }

            int start = page * Type2Tag.PageSize;
            if (page == 2)
            {
                // Lock bytes: bits can only be set (bytes 2, 3; bytes 0, 1 are the UID check and internal byte).
                memory[start + 2] = (byte)(memory[start + 2] | plain[4]);
                memory[start + 3] = (byte)(memory[start + 3] | plain[5]);
            }
            else if (page == 3)
            {
                // Capability container: one-time programmable, bits only set (8.5.6).
                for (int i = 0; i < 4; i++)
                {
                    memory[start + i] = (byte)(memory[start + i] | plain[2 + i]);
                }
            }
            else
            {
                Array.Copy(plain, 2, memory, start, Type2Tag.PageSize);
            }

            response.AppendBit(0);
            response.AppendBit(1);
            response.AppendBit(0);
            response.AppendBit(1);
            return PiccFrameOutcome.Answer;
        }

        // Static lock bits in page 2 bytes 2..3: L3..L7 lock pages 3..7, L8..L15 pages 8..15 (8.5.2).
        private bool Locked(int page)
        {
            if (page < 3 || page > 15)
            {
                return false;
            }

            int locks = memory[10] | (memory[11] << 8);
            return ((locks >> page) & 1) != 0;
        }

        // NTAG21x: pages from AUTH0 on need PWD_AUTH (for writes; for reads too when ACCESS.PROT is set, 8.8).
        private bool Protected(int page)
        {
            if (!IsNtag || authenticated)
            {
                return false;
            }

            int auth0 = memory[((pageCount - 4) * Type2Tag.PageSize) + 3];
            return page >= auth0;
        }

        private bool ReadProtected()
        {
            return (memory[(pageCount - 3) * Type2Tag.PageSize] & 0x80) != 0;
        }

        private PiccFrameOutcome Answer(AirFrame response, int count)
        {
            CrcA.Append(answer, 0, count);
            for (int i = 0; i < count + 2; i++)
            {
                response.AppendByte(answer[i]);
            }

            return PiccFrameOutcome.Answer;
        }

        private PiccFrameOutcome Nak(AirFrame response, int code)
        {
            for (int i = 0; i < 4; i++)
            {
                response.AppendBit((code >> i) & 1);
            }

            authenticated = false;
            return PiccFrameOutcome.AnswerThenIdle;
        }

        private void CheckPage(int page)
        {
            if (page < 0 || page >= pageCount)
            {
                throw new ArgumentOutOfRangeException("page");
            }
        }
    }
}
