using System;

namespace DualReader.Firmware.Iso14443
{
    /// <summary>
    /// ISO/IEC 14443-3 type A initialisation and anticollision (clause 6): REQA/WUPA, the bit-oriented anticollision
    /// loop and SELECT on every cascade level, and HLTA. It knows frames, not registers: it runs on any
    /// <see cref="IBitFrameTransceiver"/>. Buffers are allocated once.
    /// </summary>
    public sealed class TypeAActivation
    {
        /// <summary>REQA, a 7-bit short frame (6.3.1, table 2).</summary>
        public const byte RequestA = 0x26;

        /// <summary>WUPA, a 7-bit short frame (6.3.1, table 2).</summary>
        public const byte WakeUpA = 0x52;

        /// <summary>HLTA first byte; the frame is 50 00 + CRC_A (6.4.3).</summary>
        public const byte HaltA = 0x50;

        /// <summary>Cascade tag in the first UID byte of a level whose UID continues (6.5.4).</summary>
        public const byte CascadeTag = 0x88;

        /// <summary>SAK bit 3 (0x04): UID not complete, go to the next cascade level (6.5.3.4).</summary>
        public const byte SakCascadeBit = 0x04;

        /// <summary>SEL code of cascade level 1 (93h); levels 2 and 3 are 95h and 97h (6.5.3.1).</summary>
        public const byte SelectCascadeLevel1 = 0x93;

        /// <summary>Default frame timeout of the activation frames (µs): the PICC answers after the fixed FDT of
        /// 6.2.1.1 (about 91 µs at 106 kbit/s), so this only bounds listening to an empty field. It equals the HLTA
        /// silence so the reader chip's timer needs no reprogramming between HLTA and the next REQA.</summary>
        public const int DefaultFrameTimeoutMicroseconds = 1000;

        /// <summary>HLTA is acknowledged by silence for 1 ms after its end (6.4.3).</summary>
        public const int HaltSilenceMicroseconds = 1000;

        // UID CLn (4 bytes) + BCC (6.5.3.2).
        private const int LevelBytes = 5;
        private const int LevelBits = LevelBytes * 8;

        private readonly IBitFrameTransceiver transceiver;
        private readonly byte[] tx = new byte[9];
        private readonly byte[] rx = new byte[8];
        private readonly byte[] level = new byte[LevelBytes];
        private int frameTimeoutMicroseconds = DefaultFrameTimeoutMicroseconds;
        private bool collided;

        /// <summary>Runs the activation over <paramref name="transceiver"/>.</summary>
        public TypeAActivation(IBitFrameTransceiver transceiver)
        {
            if (transceiver == null)
            {
                throw new ArgumentNullException("transceiver");
            }

            this.transceiver = transceiver;
        }

        /// <summary>Frame timeout of REQA/WUPA, ANTICOLLISION and SELECT (µs).</summary>
        public int FrameTimeoutMicroseconds
        {
            get { return frameTimeoutMicroseconds; }
            set
            {
                if (value <= 0)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                frameTimeoutMicroseconds = value;
            }
        }

        /// <summary>
        /// Sends REQA (or WUPA, which also wakes HALTed PICCs), resolves collisions and selects one PICC through all
        /// its cascade levels. When several PICCs answer, the one whose UID has a 1 at the first collided bit wins.
        /// </summary>
        public ActivationStatus Activate(bool wakeUp, PiccIdentity identity)
        {
            if (identity == null)
            {
                throw new ArgumentNullException("identity");
            }

            identity.Clear();
            collided = false;
            tx[0] = wakeUp ? WakeUpA : RequestA;
            int bits;
            int collision;
            TransceiveResult result = transceiver.TransceiveBits(tx, 0, 7, rx, 0, rx.Length, 0, 2, frameTimeoutMicroseconds, out bits, out collision);
            switch (result)
            {
                case TransceiveResult.NoResponse:
                    return ActivationStatus.NoCard;
                case TransceiveResult.ChipError:
                    return ActivationStatus.ChipError;
                case TransceiveResult.Collision:
                    // Several PICCs with different ATQA: expected, the anticollision sorts them out (6.5.2).
                    identity.AtqaCollided = true;
                    collided = true;
                    break;
                case TransceiveResult.Ok:
                    if (bits != 16)
                    {
                        return ActivationStatus.ProtocolError;
                    }

                    break;
                default:
                    return ActivationStatus.ProtocolError;
            }

            identity.Atqa[0] = rx[0];
            identity.Atqa[1] = rx[1];
            int uidLength = 0;
            for (int cascade = 0; cascade < 3; cascade++)
            {
                byte sak;
                ActivationStatus status = SelectLevel((byte)(SelectCascadeLevel1 + (2 * cascade)), out sak);
                if (status != ActivationStatus.Ok)
                {
                    return status;
                }

                if ((sak & SakCascadeBit) != 0)
                {
                    // UID continues: this level carried CT + 3 UID bytes (6.5.4).
                    if (level[0] != CascadeTag || cascade == 2)
                    {
                        return ActivationStatus.ProtocolError;
                    }

                    Array.Copy(level, 1, identity.Uid, uidLength, 3);
                    uidLength += 3;
                }
                else
                {
                    Array.Copy(level, 0, identity.Uid, uidLength, 4);
                    uidLength += 4;
                    identity.UidLength = uidLength;
                    identity.Sak = sak;
                    identity.CollisionSeen = collided;
                    return ActivationStatus.Ok;
                }
            }

            return ActivationStatus.ProtocolError;
        }

        /// <summary>Sends HLTA (50 00 + CRC_A, 6.4.3); <see cref="ActivationStatus.Ok"/> when the PICC stays mute.</summary>
        public ActivationStatus Halt()
        {
            tx[0] = HaltA;
            tx[1] = 0x00;
            CrcA.Append(tx, 0, 2);
            int bits;
            int collision;
            TransceiveResult result = transceiver.TransceiveBits(tx, 0, 32, rx, 0, rx.Length, 0, 0, HaltSilenceMicroseconds, out bits, out collision);
            if (result == TransceiveResult.NoResponse)
            {
                return ActivationStatus.Ok;
            }

            return result == TransceiveResult.ChipError ? ActivationStatus.ChipError : ActivationStatus.ProtocolError;
        }

        private ActivationStatus SelectLevel(byte select, out byte sak)
        {
            sak = 0;
            Array.Clear(level, 0, LevelBytes);
            int knownBits = 0;

            // Every collision adds at least one known bit, so 40 rounds bound the loop.
            for (int round = 0; round <= LevelBits; round++)
            {
                // ANTICOLLISION: SEL, NVB (upper nibble: bytes sent incl. SEL and NVB; lower: extra bits), then the
                // known UID bits; the PICCs whose UID starts with them answer the rest (6.5.3.1, 6.5.3.2).
                tx[0] = select;
                tx[1] = (byte)(((2 + (knownBits / 8)) << 4) | (knownBits % 8));
                Array.Copy(level, 0, tx, 2, (knownBits + 7) / 8);
                int rxAlign = knownBits % 8;
                int bits;
                int collision;
                TransceiveResult result = transceiver.TransceiveBits(tx, 0, 16 + knownBits, rx, 0, rx.Length, rxAlign, LevelBytes - (knownBits / 8), frameTimeoutMicroseconds, out bits, out collision);
                if (result == TransceiveResult.NoResponse)
                {
                    return ActivationStatus.Timeout;
                }

                if (result == TransceiveResult.ChipError)
                {
                    return ActivationStatus.ChipError;
                }

                if (result != TransceiveResult.Ok && result != TransceiveResult.Collision)
                {
                    return ActivationStatus.ProtocolError;
                }

                if (result == TransceiveResult.Collision && collision < 0)
                {
                    return ActivationStatus.CollisionUnresolved;
                }

                if (result == TransceiveResult.Collision)
                {
                    // Several PICCs share the known UID bits: one is chosen below, but it is not alone (6.5.3.2).
                    collided = true;
                }

                int valid = result == TransceiveResult.Collision ? collision : bits;
                if (knownBits + valid > LevelBits)
                {
                    return ActivationStatus.ProtocolError;
                }

                // Byte-aligned (no collision so far, the usual case): the whole answer bytes land on whole UID bytes,
                // one native copy instead of a call per bit; only the bits after a collision go one by one.
                int copied = 0;
                if (rxAlign == 0)
                {
                    Array.Copy(rx, 0, level, knownBits / 8, valid / 8);
                    copied = valid - (valid % 8);
                }

                for (int i = copied; i < valid; i++)
                {
                    int source = rxAlign + i;
                    SetBit(knownBits + i, (rx[source / 8] >> (source % 8)) & 1);
                }

                if (result == TransceiveResult.Ok)
                {
                    if (knownBits + bits != LevelBits)
                    {
                        return ActivationStatus.ProtocolError;
                    }

                    break;
                }

                // Collision: choose the branch with a 1 at the collided bit and ask again with one bit more known
                // (6.5.2.2: the PCD picks; the PICCs with a 0 there stay silent until the next REQA).
                int position = knownBits + collision;
                if (position >= LevelBits)
                {
                    return ActivationStatus.CollisionUnresolved;
                }

                SetBit(position, 1);
                knownBits = position + 1;
                if (round == LevelBits)
                {
                    return ActivationStatus.CollisionUnresolved;
                }
            }

            // BCC is the XOR of the four UID CLn bytes (6.5.3.2).
            if ((byte)(level[0] ^ level[1] ^ level[2] ^ level[3]) != level[4])
            {
                return ActivationStatus.ProtocolError;
            }

            // SELECT: SEL, NVB 70h, UID CLn, BCC, CRC_A; the answer is SAK + CRC_A (6.5.3.3, 6.5.3.4).
            tx[0] = select;
            tx[1] = 0x70;
            Array.Copy(level, 0, tx, 2, LevelBytes);
            CrcA.Append(tx, 0, 7);
            int sakBits;
            int sakCollision;
            TransceiveResult selected = transceiver.TransceiveBits(tx, 0, 72, rx, 0, rx.Length, 0, 3, frameTimeoutMicroseconds, out sakBits, out sakCollision);
            if (selected == TransceiveResult.NoResponse)
            {
                return ActivationStatus.Timeout;
            }

            if (selected == TransceiveResult.ChipError)
            {
                return ActivationStatus.ChipError;
            }

            if (selected != TransceiveResult.Ok || sakBits != 24 || !CrcA.Check(rx, 0, 3))
            {
                return ActivationStatus.ProtocolError;
            }

            sak = rx[0];
            return ActivationStatus.Ok;
        }

        private void SetBit(int index, int value)
        {
            int mask = 1 << (index % 8);
            if (value != 0)
            {
                level[index / 8] = (byte)(level[index / 8] | mask);
            }
            else
            {
                level[index / 8] = (byte)(level[index / 8] & ~mask);
            }
        }
    }
}
