using System;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mifare;
using DualReader.Sim.Scenarios;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// A virtual MIFARE Classic 1K (MF1S50) or 4K (MF1S70) card above ISO/IEC 14443-3: the three-pass Crypto1
    /// authentication with key A or B from the sector trailer (also nested), the access conditions of the sector
    /// trailers (8.7, decoded with their inverted copies; a sector whose copies disagree refuses everything), READ,
    /// the two-part WRITE, the value blocks with INCREMENT, DECREMENT, RESTORE and TRANSFER, and HLTA; the 4-bit
    /// ACK/NAK, encrypted once authenticated. Attach it to a <see cref="VirtualPicc"/> as its
    /// <see cref="VirtualPicc.FrameProtocol"/> (SAK 08h/18h, ATQA 0004h/0002h).
    /// </summary>
    /// <remarks>
    /// Error behaviour as modelled: a command outside the authenticated sector, refused by the access conditions, or
    /// on a block that is not a value block gets NAK 4h; a frame with a bad CRC_A NAK 5h (1h before authentication);
    /// after a NAK, or a frame it cannot use, the card is back in IDLE (or HALT) and unauthenticated. A wrong reader
    /// answer during authentication is met with silence (with an encrypted NAK 5h when its eight parity bits happen to
    /// be right, as real cards do: Garcia et al., "Wirelessly Pickpocketing a MIFARE Classic Card", 2009). Block 0 is
    /// read-only. When key B is readable (trailer access 000, 010, 001) it cannot serve: after authenticating with it
    /// every access is refused (MF1S50 8.7.2 remark).
    /// </remarks>
    public sealed class VirtualMifareClassic : IPiccFrameProtocol
    {
        /// <summary>NAK "invalid operation" (MF1S50 10.2, table 10).</summary>
        public const int NakInvalid = 0x4;

        /// <summary>NAK "parity or CRC error" after authentication (MF1S50 10.2, table 10).</summary>
        public const int NakCrc = 0x5;

        /// <summary>Transport configuration access bytes 6..9 of a trailer: FF 07 80 69 (MF1S50 8.7.1).</summary>
        public static readonly byte[] TransportAccess = new byte[] { 0xFF, 0x07, 0x80, 0x69 };

        // Permission masks: 1 = key A, 2 = key B, 3 = either, 0 = never.
        private const int KeyAOnly = 1;
        private const int KeyBOnly = 2;
        private const int Both = 3;

        // Data blocks, per access condition C1C2C3 (index = C1 << 2 | C2 << 1 | C3): read, write, increment,
        // decrement/transfer/restore (MF1S50 8.7.3, table 8).
        private static readonly byte[] DataRead = new byte[] { Both, Both, Both, KeyBOnly, Both, KeyBOnly, Both, 0 };
        private static readonly byte[] DataWrite = new byte[] { Both, 0, 0, KeyBOnly, KeyBOnly, 0, KeyBOnly, 0 };
        private static readonly byte[] DataIncrement = new byte[] { Both, 0, 0, 0, 0, 0, KeyBOnly, 0 };
        private static readonly byte[] DataDecrement = new byte[] { Both, Both, 0, 0, 0, 0, Both, 0 };

        // Sector trailer, per access condition: key A write, access bits read, access bits write, key B read, key B
        // write (key A is never readable) (MF1S50 8.7.2, table 7).
        private static readonly byte[] TrailerKeyAWrite = new byte[] { KeyAOnly, KeyAOnly, 0, KeyBOnly, KeyBOnly, 0, 0, 0 };
        private static readonly byte[] TrailerAccessRead = new byte[] { KeyAOnly, KeyAOnly, KeyAOnly, Both, Both, Both, Both, Both };
        private static readonly byte[] TrailerAccessWrite = new byte[] { 0, KeyAOnly, 0, KeyBOnly, 0, KeyBOnly, 0, 0 };
        private static readonly byte[] TrailerKeyBRead = new byte[] { KeyAOnly, KeyAOnly, KeyAOnly, 0, 0, 0, 0, 0 };
        private static readonly byte[] TrailerKeyBWrite = new byte[] { KeyAOnly, KeyAOnly, 0, KeyBOnly, KeyBOnly, 0, 0, 0 };

        private const int StateIdle = 0;
        private const int StateAwaitReaderAnswer = 1;
        private const int StateAuthenticated = 2;

        private readonly byte[] memory;
        private readonly int blockCount;
        private readonly uint cryptoUid;
        private readonly Crypto1 cipher = new Crypto1();
        private readonly byte[] plain = new byte[AirFrame.MaximumBytes];
        private readonly byte[] answer = new byte[MifareClassicLayout.BlockSize + 2];
        private readonly byte[] transfer = new byte[MifareClassicLayout.BlockSize];
        private int state;
        private int sector;
        private int keyMask;
        private uint nonce;
        private uint nonceGenerator;
        private int pendingCommand;
        private int pendingBlock;
        private bool transferValid;

        /// <summary>
        /// A card with <paramref name="uid"/> (4 or 7 bytes), 1K or 4K: every key FFFFFFFFFFFFh, transport access bits,
        /// data blocks zero, block 0 the manufacturer block (UID, BCC for a 4-byte UID, SAK, ATQA).
        /// </summary>
        public VirtualMifareClassic(byte[] uid, bool fourK)
        {
            if (uid == null || (uid.Length != 4 && uid.Length != 7))
            {
                throw new ArgumentException("a MIFARE Classic UID has 4 or 7 bytes", "uid");
            }

            FourK = fourK;
            blockCount = MifareClassicLayout.BlockCount(fourK);
            memory = new byte[blockCount * MifareClassicLayout.BlockSize];
            cryptoUid = Crypto1.ToWord(uid, uid.Length - 4);
            nonceGenerator = 0x01200145 ^ cryptoUid;
            for (int s = 0; s < MifareClassicLayout.SectorCount(fourK); s++)
            {
                int trailer = MifareClassicLayout.TrailerBlock(s) * MifareClassicLayout.BlockSize;
                for (int i = 0; i < 6; i++)
                {
                    memory[trailer + i] = 0xFF;
                    memory[trailer + 10 + i] = 0xFF;
                }

                Array.Copy(TransportAccess, 0, memory, trailer + 6, 4);
            }

            Array.Copy(uid, 0, memory, 0, uid.Length);
            int at = uid.Length;
            if (uid.Length == 4)
            {
                memory[4] = (byte)(uid[0] ^ uid[1] ^ uid[2] ^ uid[3]);
                at = 5;
            }

            memory[at] = fourK ? (byte)0x18 : (byte)0x08;
            memory[at + 1] = fourK ? (byte)0x02 : (byte)0x04;
            memory[at + 2] = 0x00;
        }

        /// <summary>
        /// Builds the card of a scenario device with "mifare_classic": its size, and for every listed sector the keys,
        /// access bytes and data blocks given (ARCHITECTURE.md, "Scenario file").
        /// </summary>
        public static VirtualMifareClassic FromScenario(ScenarioDevice device)
        {
            if (device == null || device.MifareClassic == null)
            {
                throw new ArgumentNullException("device");
            }

            ScenarioMifareClassic spec = device.MifareClassic;
            VirtualMifareClassic card = new VirtualMifareClassic(device.Uid, spec.FourK);
            for (int i = 0; i < spec.Sectors.Count; i++)
            {
                ScenarioMifareSector sector = (ScenarioMifareSector)spec.Sectors[i];
                if (sector.Sector < 0 || sector.Sector >= MifareClassicLayout.SectorCount(spec.FourK))
                {
                    throw new ArgumentOutOfRangeException("device", "sector " + sector.Sector.ToString() + " is not on the card");
                }

                card.SetKeys(sector.Sector, sector.KeyA, sector.KeyB);
                if (sector.Access != null)
                {
                    card.SetAccessBytes(sector.Sector, sector.Access, 0);
                }

                if (sector.Blocks != null)
                {
                    int blocks = sector.Blocks.Length / MifareClassicLayout.BlockSize;
                    if (blocks > MifareClassicLayout.BlocksInSector(sector.Sector) - 1)
                    {
                        throw new ArgumentOutOfRangeException("device", "sector " + sector.Sector.ToString() + " has fewer data blocks");
                    }

                    int first = MifareClassicLayout.FirstBlock(sector.Sector);
                    for (int b = 0; b < blocks; b++)
                    {
                        card.SetBlock(first + b, sector.Blocks, b * MifareClassicLayout.BlockSize);
                    }
                }
            }

            return card;
        }

        /// <summary>True for a 4K card.</summary>
        public bool FourK { get; private set; }

        /// <summary>True while a sector is authenticated.</summary>
        public bool Authenticated
        {
            get { return state == StateAuthenticated; }
        }

        /// <summary>Successful authentications so far (tests).</summary>
        public int Authentications { get; private set; }

        /// <summary>Card processing time before the ACK of WRITE data and TRANSFER (EEPROM programming, µs; default 0).</summary>
        public int WriteProcessingMicroseconds { get; set; }

        /// <summary>Copies block <paramref name="block"/> (16 bytes) out of the card memory (tests).</summary>
        public void ReadBlock(int block, byte[] buffer, int offset)
        {
            CheckBlock(block);
            Array.Copy(memory, block * MifareClassicLayout.BlockSize, buffer, offset, MifareClassicLayout.BlockSize);
        }

        /// <summary>Sets block <paramref name="block"/> directly (card personalisation; no access check).</summary>
        public void SetBlock(int block, byte[] data, int offset)
        {
            CheckBlock(block);
            Array.Copy(data, offset, memory, block * MifareClassicLayout.BlockSize, MifareClassicLayout.BlockSize);
        }

        /// <summary>Sets a sector's keys (6 bytes each) and keeps its access bits.</summary>
        public void SetKeys(int sectorNumber, byte[] keyA, byte[] keyB)
        {
            int trailer = MifareClassicLayout.TrailerBlock(sectorNumber) * MifareClassicLayout.BlockSize;
            if (keyA != null)
            {
                Array.Copy(keyA, 0, memory, trailer, 6);
            }

            if (keyB != null)
            {
                Array.Copy(keyB, 0, memory, trailer + 10, 6);
            }
        }

        /// <summary>Sets a sector's access bytes 6..9 (three access bytes and the general purpose byte).</summary>
        public void SetAccessBytes(int sectorNumber, byte[] access, int offset)
        {
            int trailer = MifareClassicLayout.TrailerBlock(sectorNumber) * MifareClassicLayout.BlockSize;
            Array.Copy(access, offset, memory, trailer + 6, 4);
        }

        /// <summary>
        /// The access bytes 6..8 for conditions C1C2C3 (each 0..7, as index C1 &lt;&lt; 2 | C2 &lt;&lt; 1 | C3) of data block
        /// groups 0..2 and the trailer, with their inverted copies (MF1S50 8.7.1), and <paramref name="generalPurpose"/>
        /// as byte 9.
        /// </summary>
        public static byte[] AccessBytes(int group0, int group1, int group2, int trailer, byte generalPurpose)
        {
            int c1 = 0;
            int c2 = 0;
            int c3 = 0;
            int[] groups = new int[] { group0, group1, group2, trailer };
            for (int g = 0; g < 4; g++)
            {
                c1 |= ((groups[g] >> 2) & 1) << g;
                c2 |= ((groups[g] >> 1) & 1) << g;
                c3 |= (groups[g] & 1) << g;
            }

            return new byte[]
            {
                (byte)(((~c2 & 0x0F) << 4) | (~c1 & 0x0F)),
                (byte)((c1 << 4) | (~c3 & 0x0F)),
                (byte)((c3 << 4) | c2),
                generalPurpose
            };
        }

        /// <inheritdoc />
        public void Reset()
        {
            state = StateIdle;
            pendingCommand = 0;
            transferValid = false;
            cipher.Clear();
        }

        /// <inheritdoc />
        public PiccFrameOutcome HandleFrame(AirFrame request, AirFrame response, out int processingMicroseconds)
        {
            processingMicroseconds = 0;
            response.Clear();
            int bits = request.BitCount;
            if (state == StateAwaitReaderAnswer)
            {
                return ReaderAnswer(request, response);
            }

            bool encrypted = state == StateAuthenticated;
            if (bits % 8 != 0 || bits < 24)
            {
                return Fail();
            }

            int count = bits / 8;
            Array.Copy(request.Data, 0, plain, 0, count);
            if (encrypted)
            {
                bool parityOk = true;
                for (int i = 0; i < count; i++)
                {
                    plain[i] = (byte)(plain[i] ^ cipher.Byte(0, false));
                    parityOk &= (request.GetParity(i) ^ cipher.Peek()) == AirFrame.OddParity(plain[i]);
                }

                if (!parityOk)
                {
                    return Fail();
                }
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    if (request.GetParity(i) != AirFrame.OddParity(plain[i]))
                    {
                        return Fail();
                    }
                }
            }

            if (!CrcA.Check(plain, 0, count))
            {
                return encrypted ? Nak(response, NakCrc) : Fail();
            }

            count -= 2;
            if (pendingCommand != 0)
            {
                return SecondPart(count, response, out processingMicroseconds);
            }

            byte command = plain[0];
            if (count == 2 && command == TypeAActivation.HaltA && plain[1] == 0x00)
            {
                return PiccFrameOutcome.Halt;
            }

            if (count == 2 && (command == (byte)MifareKeyType.KeyA || command == (byte)MifareKeyType.KeyB))
            {
                return StartAuthentication(command, plain[1], response);
            }

            if (count != 2)
            {
                return encrypted ? Nak(response, NakInvalid) : Fail();
            }

            if (!encrypted)
            {
                // Memory commands need an authenticated sector (MF1S50 10: "authentication ... before any memory operation").
                return Nak(response, NakInvalid);
            }

            int block = plain[1];
            if (block >= blockCount || MifareClassicLayout.SectorOf(block) != sector)
            {
                return Nak(response, NakInvalid);
            }

            switch (command)
            {
                case MifareClassic.Read:
                    return Read(block, response);
                case MifareClassic.Write:
                    return FirstPart(command, block, block != 0 && CanWrite(block), response);
                case MifareClassic.Increment:
                    return FirstPart(command, block, !MifareClassicLayout.IsTrailer(block) && Allowed(DataIncrement, block) && IsValueBlock(block), response);
                case MifareClassic.Decrement:
                case MifareClassic.Restore:
                    return FirstPart(command, block, !MifareClassicLayout.IsTrailer(block) && Allowed(DataDecrement, block) && IsValueBlock(block), response);
                case MifareClassic.Transfer:
                    if (!transferValid || MifareClassicLayout.IsTrailer(block) || !Allowed(DataDecrement, block))
                    {
                        return Nak(response, NakInvalid);
                    }

                    Array.Copy(transfer, 0, memory, block * MifareClassicLayout.BlockSize, MifareClassicLayout.BlockSize);
                    processingMicroseconds = WriteProcessingMicroseconds;
                    return Ack(response);
                default:
                    return Nak(response, NakInvalid);
            }
        }

        private PiccFrameOutcome StartAuthentication(byte command, int block, AirFrame response)
        {
            if (block >= blockCount)
            {
                return Fail();
            }

            bool nested = state == StateAuthenticated;
            int target = MifareClassicLayout.SectorOf(block);
            int trailer = MifareClassicLayout.TrailerBlock(target) * MifareClassicLayout.BlockSize;
            nonceGenerator = Crypto1.PrngSuccessor(nonceGenerator, 160);
            nonce = nonceGenerator;
            cipher.SetKey(memory, trailer + (command == (byte)MifareKeyType.KeyB ? 10 : 0));
            for (int i = 0; i < 4; i++)
            {
                int nonceByte = (int)(nonce >> (24 - (8 * i))) & 0xFF;
                int uidByte = (int)(cryptoUid >> (24 - (8 * i))) & 0xFF;
                int keystream = cipher.Byte(uidByte ^ nonceByte, false);
                if (nested)
                {
                    // Nested authentication: nT goes out encrypted under the new key (crapto1's reader decrypts it while
                    // loading uid XOR nT).
                    response.AppendByte((byte)(nonceByte ^ keystream));
                    response.SetParity(i, AirFrame.OddParity(nonceByte) ^ cipher.Peek());
                }
                else
                {
                    response.AppendByte((byte)nonceByte);
                }
            }

            sector = target;
            keyMask = command == (byte)MifareKeyType.KeyB ? KeyBOnly : KeyAOnly;
            state = StateAwaitReaderAnswer;
            pendingCommand = 0;
            return PiccFrameOutcome.Answer;
        }

        private PiccFrameOutcome ReaderAnswer(AirFrame request, AirFrame response)
        {
            if (request.BitCount != 64)
            {
                return Fail();
            }

            byte[] data = request.Data;
            bool parityOk = true;
            uint readerAnswer = 0;
            for (int i = 0; i < 8; i++)
            {
                int received = data[i];
                int value;
                if (i < 4)
                {
                    // {nR}: decrypted while its plaintext enters the LFSR.
                    value = received ^ cipher.Byte(received, true);
                }
                else
                {
                    value = received ^ cipher.Byte(0, false);
                    readerAnswer = (readerAnswer << 8) | (uint)value;
                }

                parityOk &= (request.GetParity(i) ^ cipher.Peek()) == AirFrame.OddParity(value);
            }

            if (!parityOk)
            {
                return Fail();
            }

            if (readerAnswer != Crypto1.PrngSuccessor(nonce, 64))
            {
                // Right parity, wrong answer: the encrypted NAK real cards send here.
                AppendNibble(response, NakCrc, true);
                Reset();
                return PiccFrameOutcome.AnswerThenIdle;
            }

            uint tagAnswer = Crypto1.PrngSuccessor(nonce, 96);
            for (int i = 0; i < 4; i++)
            {
                int value = (int)(tagAnswer >> (24 - (8 * i))) & 0xFF;
                response.AppendByte((byte)(value ^ cipher.Byte(0, false)));
                response.SetParity(i, AirFrame.OddParity(value) ^ cipher.Peek());
            }

            state = StateAuthenticated;
            transferValid = false;
            Authentications++;
            return PiccFrameOutcome.Answer;
        }

        private PiccFrameOutcome Read(int block, AirFrame response)
        {
            int start = block * MifareClassicLayout.BlockSize;
            if (MifareClassicLayout.IsTrailer(block))
            {
                int condition;
                if (!Condition(3, out condition) || KeyBServes(condition))
                {
                    return Nak(response, NakInvalid);
                }

                // Key A never reads back; access bits and key B as the trailer's condition allows, else as zeros.
                Array.Clear(answer, 0, MifareClassicLayout.BlockSize);
                if ((TrailerAccessRead[condition] & keyMask) != 0)
                {
                    Array.Copy(memory, start + 6, answer, 6, 4);
                }

                if ((TrailerKeyBRead[condition] & keyMask) != 0)
                {
                    Array.Copy(memory, start + 10, answer, 10, 6);
                }
            }
            else
            {
                if (!Allowed(DataRead, block))
                {
                    return Nak(response, NakInvalid);
                }

                Array.Copy(memory, start, answer, 0, MifareClassicLayout.BlockSize);
            }

            CrcA.Append(answer, 0, MifareClassicLayout.BlockSize);
            EncryptInto(response, MifareClassicLayout.BlockSize + 2);
            return PiccFrameOutcome.Answer;
        }

        private PiccFrameOutcome FirstPart(byte command, int block, bool allowed, AirFrame response)
        {
            if (!allowed)
            {
                return Nak(response, NakInvalid);
            }

            pendingCommand = command;
            pendingBlock = block;
            return Ack(response);
        }

        private PiccFrameOutcome SecondPart(int count, AirFrame response, out int processingMicroseconds)
        {
            processingMicroseconds = 0;
            int command = pendingCommand;
            int block = pendingBlock;
            pendingCommand = 0;
            int start = block * MifareClassicLayout.BlockSize;
            if (command == MifareClassic.Write)
            {
                if (count != MifareClassicLayout.BlockSize)
                {
                    return Nak(response, NakInvalid);
                }

                if (MifareClassicLayout.IsTrailer(block))
                {
                    WriteTrailer(block);
                }
                else
                {
                    Array.Copy(plain, 0, memory, start, MifareClassicLayout.BlockSize);
                }

                processingMicroseconds = WriteProcessingMicroseconds;
                return Ack(response);
            }

            // INCREMENT, DECREMENT, RESTORE: a 4-byte operand; the result goes to the transfer buffer, no answer.
            if (count != 4)
            {
                return Nak(response, NakInvalid);
            }

            int value;
            int address;
            MifareValueBlock.TryDecode(memory, start, out value, out address);
            int operand = MifareValueBlock.ReadInt(plain, 0);
            int result = command == MifareClassic.Increment ? value + operand : (command == MifareClassic.Decrement ? value - operand : value);
            MifareValueBlock.Encode(result, address, transfer, 0);
            transferValid = true;
            return PiccFrameOutcome.Silent;
        }

        private void WriteTrailer(int block)
        {
            int condition;
            if (!Condition(3, out condition) || KeyBServes(condition))
            {
                return;
            }

            int start = block * MifareClassicLayout.BlockSize;
            if ((TrailerKeyAWrite[condition] & keyMask) != 0)
            {
                Array.Copy(plain, 0, memory, start, 6);
            }

            if ((TrailerAccessWrite[condition] & keyMask) != 0)
            {
                Array.Copy(plain, 6, memory, start + 6, 4);
            }

            if ((TrailerKeyBWrite[condition] & keyMask) != 0)
            {
                Array.Copy(plain, 10, memory, start + 10, 6);
            }
        }

        private bool CanWrite(int block)
        {
            if (!MifareClassicLayout.IsTrailer(block))
            {
                return Allowed(DataWrite, block);
            }

            int condition;
            if (!Condition(3, out condition) || KeyBServes(condition))
            {
                return false;
            }

            return ((TrailerKeyAWrite[condition] | TrailerAccessWrite[condition] | TrailerKeyBWrite[condition]) & keyMask) != 0;
        }

        // Whether the authenticated key may do what table allows for data block <block>.
        private bool Allowed(byte[] table, int block)
        {
            int condition;
            if (!Condition(Group(block), out condition) || KeyBServes(ConditionOrZero(3)))
            {
                return false;
            }

            return (table[condition] & keyMask) != 0;
        }

        // Key B cannot serve while it is readable (trailer conditions 000, 010, 001): after authenticating with it,
        // every access is refused (MF1S50 8.7.2 remark).
        private bool KeyBServes(int trailerCondition)
        {
            return keyMask == KeyBOnly && TrailerKeyBRead[trailerCondition] != 0;
        }

        private int ConditionOrZero(int group)
        {
            int condition;
            return Condition(group, out condition) ? condition : 0;
        }

        // Access condition C1C2C3 of group 0..3 of the authenticated sector; false when the inverted copies disagree
        // (MF1S50 8.7.1: a format violation blocks the sector).
        private bool Condition(int group, out int condition)
        {
            int trailer = MifareClassicLayout.TrailerBlock(sector) * MifareClassicLayout.BlockSize;
            int b6 = memory[trailer + 6];
            int b7 = memory[trailer + 7];
            int b8 = memory[trailer + 8];
            int c1 = b7 >> 4;
            int c2 = b8 & 0x0F;
            int c3 = b8 >> 4;
            condition = 0;
            if ((~b6 & 0x0F) != c1 || ((~b6 >> 4) & 0x0F) != c2 || (~b7 & 0x0F) != c3)
            {
                return false;
            }

            condition = (((c1 >> group) & 1) << 2) | (((c2 >> group) & 1) << 1) | ((c3 >> group) & 1);
            return true;
        }

        // Access group of a data block: its index in a 4-block sector, or 0..2 by fives in a 16-block sector (MF1S70 8.7.3).
        private int Group(int block)
        {
            int index = block - MifareClassicLayout.FirstBlock(MifareClassicLayout.SectorOf(block));
            return MifareClassicLayout.BlocksInSector(sector) == 4 ? index : index / 5;
        }

        private bool IsValueBlock(int block)
        {
            int value;
            int address;
            return MifareValueBlock.TryDecode(memory, block * MifareClassicLayout.BlockSize, out value, out address);
        }

        private PiccFrameOutcome Ack(AirFrame response)
        {
            AppendNibble(response, MifareClassic.Ack, state == StateAuthenticated);
            return PiccFrameOutcome.Answer;
        }

        private PiccFrameOutcome Nak(AirFrame response, int code)
        {
            AppendNibble(response, code, state == StateAuthenticated);
            Reset();
            return PiccFrameOutcome.AnswerThenIdle;
        }

        private PiccFrameOutcome Fail()
        {
            Reset();
            return PiccFrameOutcome.Idle;
        }

        private void AppendNibble(AirFrame response, int value, bool encrypted)
        {
            for (int i = 0; i < 4; i++)
            {
                int bit = (value >> i) & 1;
                response.AppendBit(encrypted ? bit ^ cipher.Bit(0, false) : bit);
            }
        }

        private void EncryptInto(AirFrame response, int count)
        {
            for (int i = 0; i < count; i++)
            {
                int value = answer[i];
                response.AppendByte((byte)(value ^ cipher.Byte(0, false)));
                response.SetParity(i, AirFrame.OddParity(value) ^ cipher.Peek());
            }
        }

        private void CheckBlock(int block)
        {
            if (block < 0 || block >= blockCount)
            {
                throw new ArgumentOutOfRangeException("block");
            }
        }
    }
}
