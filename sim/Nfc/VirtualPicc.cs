using System;
using DualReader.Firmware.Iso14443;
using DualReader.Sim.Scenarios;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// A virtual ISO/IEC 14443-3 type A PICC (card or phone): the state machine of 6.3 (IDLE, READY, ACTIVE, HALT,
    /// READY*, ACTIVE*), REQA/WUPA with ATQA, anticollision and SELECT over up to three cascade levels (6.5) and
    /// HLTA (6.4.3). Frames above 14443-3 go to an optional <see cref="IPiccProtocol"/> (ISO-DEP).
    /// </summary>
    public sealed class VirtualPicc
    {
        private readonly byte[] uid;
        private readonly byte[] atqa;
        private readonly byte sak;
        private readonly byte[] levels;
        private readonly int levelCount;
        private readonly byte[] scratch = new byte[AirFrame.MaximumBytes];
        private readonly byte[] answer = new byte[AirFrame.MaximumBytes];
        private PiccState state = PiccState.PowerOff;
        private int cascadeLevel;
        private bool protocolActive;

        /// <summary>A PICC with a 4-, 7- or 10-byte UID, its ATQA (as sent, LSB first) and final SAK.</summary>
        public VirtualPicc(byte[] uid, byte[] atqa, byte sak)
        {
            if (uid == null || (uid.Length != 4 && uid.Length != 7 && uid.Length != 10))
            {
                throw new ArgumentException("uid must have 4, 7 or 10 bytes", "uid");
            }

            if (atqa == null || atqa.Length != 2)
            {
                throw new ArgumentException("atqa must have 2 bytes", "atqa");
            }

            this.uid = (byte[])uid.Clone();
            this.atqa = (byte[])atqa.Clone();
            this.sak = sak;
            LeaveMicroseconds = long.MaxValue;

            // UID CLn per cascade level (6.5.4): CT + 3 UID bytes while the UID continues, then the last 4.
            levelCount = uid.Length == 4 ? 1 : (uid.Length == 7 ? 2 : 3);
            levels = new byte[levelCount * 5];
            int source = 0;
            for (int level = 0; level < levelCount; level++)
            {
                int at = level * 5;
                if (level < levelCount - 1)
                {
                    levels[at] = TypeAActivation.CascadeTag;
                    Array.Copy(uid, source, levels, at + 1, 3);
                    source += 3;
                }
                else
                {
                    Array.Copy(uid, source, levels, at, 4);
                }

                levels[at + 4] = (byte)(levels[at] ^ levels[at + 1] ^ levels[at + 2] ^ levels[at + 3]);
            }
        }

        /// <summary>Builds the PICC of a scenario device ("uid", "atqa", "sak", "arrive_ms", "leave_ms").</summary>
        public static VirtualPicc FromScenario(ScenarioDevice device)
        {
            if (device == null)
            {
                throw new ArgumentNullException("device");
            }

            VirtualPicc picc = new VirtualPicc(device.Uid, device.Atqa, device.Sak);
            picc.ArriveMicroseconds = device.ArriveMicroseconds;
            picc.LeaveMicroseconds = device.LeaveMicroseconds;
            return picc;
        }

        /// <summary>The UID.</summary>
        public byte[] Uid
        {
            get { return uid; }
        }

        /// <summary>When it enters the field (µs of virtual time).</summary>
        public long ArriveMicroseconds { get; set; }

        /// <summary>When it leaves the field (µs; <see cref="long.MaxValue"/>: never).</summary>
        public long LeaveMicroseconds { get; set; }

        /// <summary>The ISO-DEP layer, or null for a plain type A PICC.</summary>
        public IPiccProtocol Protocol { get; set; }

        /// <summary>A memory card's raw-frame protocol (MIFARE Classic, Type 2 tags), or null. When set it takes every
        /// frame in ACTIVE instead of the ISO-DEP layer.</summary>
        public IPiccFrameProtocol FrameProtocol { get; set; }

        /// <summary>Where it is in the state machine.</summary>
        public PiccState State
        {
            get { return state; }
        }

        /// <summary>
        /// Noise for tests: this many of the next answers get one bit flipped on air, so the reader sees a parity
        /// error (and a CRC error where it checks CRC_A). The PICC's state changes as if the answer went out intact.
        /// </summary>
        public int CorruptNextAnswers { get; set; }

        /// <summary>Used by the field after an answer: true when this answer is to be damaged.</summary>
        public bool TakeCorruption()
        {
            if (CorruptNextAnswers <= 0)
            {
                return false;
            }

            CorruptNextAnswers--;
            return true;
        }

        /// <summary>Frames this PICC has answered (for tests).</summary>
        public int AnswerCount { get; private set; }

        /// <summary>True when it is in the field at <paramref name="microseconds"/>.</summary>
        public bool IsPresentAt(long microseconds)
        {
            return microseconds >= ArriveMicroseconds && microseconds < LeaveMicroseconds;
        }

        /// <summary>Carrier on (IDLE after power-up) or off / out of the field (POWER-OFF).</summary>
        public void SetPowered(bool powered)
        {
            if (powered && state == PiccState.PowerOff)
            {
                state = PiccState.Idle;
            }
            else if (!powered && state != PiccState.PowerOff)
            {
                state = PiccState.PowerOff;
                LeaveProtocol();
            }
        }

        /// <summary>The rate the PICC listens at.</summary>
        public BitRate ReceiveRate
        {
            get { return protocolActive && Protocol != null ? Protocol.PcdToPiccRate : BitRate.Kbps106; }
        }

        /// <summary>
        /// Handles one frame from the PCD sent at <paramref name="rate"/>. Writes the answer into
        /// <paramref name="response"/> (empty when mute).
        /// </summary>
        /// <param name="answerRate">Rate of the answer.</param>
        /// <param name="processingMicroseconds">Time beyond the minimum frame delay time.</param>
        /// <returns>True when the PICC answers.</returns>
        public bool Handle(AirFrame request, BitRate rate, AirFrame response, out BitRate answerRate, out int processingMicroseconds)
        {
            response.Clear();
            processingMicroseconds = 0;
            answerRate = BitRate.Kbps106;
            if (state == PiccState.PowerOff || rate != ReceiveRate)
            {
                // Not powered, or the demodulator is set to another bit rate: nothing decodable arrives.
                return false;
            }

            int bits = request.BitCount;
            byte[] data = request.Data;
            if (bits == 7)
            {
                return HandleShortFrame((byte)(data[0] & 0x7F), response);
            }

            bool halted = state == PiccState.Halt || state == PiccState.ReadyStar || state == PiccState.ActiveStar;
            if (state == PiccState.Ready || state == PiccState.ReadyStar)
            {
                return HandleReady(request, response, halted);
            }

            if (state == PiccState.Active || state == PiccState.ActiveStar)
            {
                return HandleActive(request, response, halted, out answerRate, out processingMicroseconds);
            }

            // IDLE and HALT react to REQA/WUPA only (6.3.2, 6.3.5).
            return false;
        }

        private bool HandleShortFrame(byte command, AirFrame response)
        {
            if (protocolActive)
            {
                // In the PROTOCOL state of ISO/IEC 14443-4 the 14443-3 short frames are modelled as ignored.
                return false;
            }

            bool fromHalt = state == PiccState.Halt || state == PiccState.ReadyStar || state == PiccState.ActiveStar;
            if (state != PiccState.Idle && state != PiccState.Halt)
            {
                // READY and ACTIVE leave on any unexpected frame, REQA/WUPA included (6.3, figure 7).
                ToIdleOrHalt(fromHalt);
                return false;
            }

            // IDLE answers REQA and WUPA, HALT only WUPA (6.3.2, 6.3.5).
            bool accepted = command == TypeAActivation.WakeUpA || (command == TypeAActivation.RequestA && !fromHalt);
            if (!accepted)
            {
                return false;
            }

            state = fromHalt ? PiccState.ReadyStar : PiccState.Ready;
            cascadeLevel = 0;
            response.AppendByte(atqa[0]);
            response.AppendByte(atqa[1]);
            AnswerCount++;
            return true;
        }

        private bool HandleReady(AirFrame request, AirFrame response, bool halted)
        {
            int bits = request.BitCount;
            byte[] data = request.Data;
            byte select = (byte)(TypeAActivation.SelectCascadeLevel1 + (2 * cascadeLevel));
            if (bits < 16 || data[0] != select)
            {
                // Any other frame sends the PICC back (6.3.3: READY leaves to IDLE/HALT on unexpected commands).
                ToIdleOrHalt(halted);
                return false;
            }

            int at = cascadeLevel * 5;
            byte nvb = data[1];
            if (nvb == 0x70)
            {
                // SELECT (6.5.3.3): 7 bytes + CRC_A, UID CLn and BCC must match.
                if (bits != 72 || !CrcA.Check(data, 0, 9))
                {
                    ToIdleOrHalt(halted);
                    return false;
                }

                for (int i = 0; i < 5; i++)
                {
                    if (data[2 + i] != levels[at + i])
                    {
                        ToIdleOrHalt(halted);
                        return false;
                    }
                }

                byte answerSak;
                if (cascadeLevel < levelCount - 1)
                {
                    // UID not complete: SAK with the cascade bit (6.5.3.4), next level. Real PICCs also carry their
                    // other SAK bits here (the 7-byte trace in reference/ answers 24h at level 1), so do we.
                    answerSak = (byte)(sak | TypeAActivation.SakCascadeBit);
                    cascadeLevel++;
                }
                else
                {
                    answerSak = (byte)(sak & ~TypeAActivation.SakCascadeBit);
                    state = halted ? PiccState.ActiveStar : PiccState.Active;
                }

                scratch[0] = answerSak;
                CrcA.Append(scratch, 0, 1);
                for (int i = 0; i < 3; i++)
                {
                    response.AppendByte(scratch[i]);
                }

                AnswerCount++;
                return true;
            }

            // ANTICOLLISION (6.5.3.1, 6.5.3.2): NVB = bytes (incl. SEL, NVB) in the upper nibble, bits in the lower.
            int byteCount = nvb >> 4;
            int extraBits = nvb & 0x0F;
            int known = ((byteCount - 2) * 8) + extraBits;
            if (byteCount < 2 || extraBits > 7 || known >= 40 || bits != 16 + known)
            {
                ToIdleOrHalt(halted);
                return false;
            }

            for (int i = 0; i < known; i++)
            {
                int sent = (data[2 + (i / 8)] >> (i % 8)) & 1;
                int mine = (levels[at + (i / 8)] >> (i % 8)) & 1;
                if (sent != mine)
                {
                    // Not this PICC's branch: it stays silent and stays READY.
                    return false;
                }
            }

            for (int i = known; i < 40; i++)
            {
                response.AppendBit((levels[at + (i / 8)] >> (i % 8)) & 1);
            }

            AnswerCount++;
            return true;
        }

        private bool HandleActive(AirFrame request, AirFrame response, bool halted, out BitRate answerRate, out int processingMicroseconds)
        {
            answerRate = BitRate.Kbps106;
            processingMicroseconds = 0;
            if (FrameProtocol != null)
            {
                return HandleFrameProtocol(request, response, halted, out processingMicroseconds);
            }

            int bits = request.BitCount;
            byte[] data = request.Data;
            if (bits % 8 != 0 || bits < 24 || !CrcA.Check(data, 0, bits / 8))
            {
                // Not a standard frame with a valid CRC_A: ignored in the ISO-DEP state (ISO/IEC 14443-4 7.5.5),
                // else back to IDLE/HALT like any unexpected frame (6.3.4).
                if (!protocolActive)
                {
                    ToIdleOrHalt(halted);
                }

                return false;
            }

            int count = (bits / 8) - 2;
            if (!protocolActive && count == 2 && data[0] == TypeAActivation.HaltA && data[1] == 0x00)
            {
                state = PiccState.Halt;
                return false;
            }

            if (Protocol == null || (!protocolActive && data[0] != 0xE0))
            {
                // Plain type A (or a non-RATS frame before RATS): not a 14443-3 command it knows.
                ToIdleOrHalt(halted);
                return false;
            }

            answerRate = Protocol.PiccToPcdRate;
            Array.Copy(data, 0, scratch, 0, count);
            int length = Protocol.HandleFrame(scratch, 0, count, answer, 0, out processingMicroseconds);
            if (length > 0 && !protocolActive)
            {
                protocolActive = true;
            }

            if (Protocol.Deselected)
            {
                // S(DESELECT) answered: HALT (ISO/IEC 14443-4 8); the answer still goes out.
                state = PiccState.Halt;
                protocolActive = false;
            }

            if (length <= 0)
            {
                if (state == PiccState.Halt)
                {
                    Protocol.Reset();
                }

                return false;
            }

            CrcA.Append(answer, 0, length);
            for (int i = 0; i < length + 2; i++)
            {
                response.AppendByte(answer[i]);
            }

            if (state == PiccState.Halt)
            {
                Protocol.Reset();
            }

            AnswerCount++;
            return true;
        }

        private bool HandleFrameProtocol(AirFrame request, AirFrame response, bool halted, out int processingMicroseconds)
        {
            PiccFrameOutcome outcome = FrameProtocol.HandleFrame(request, response, out processingMicroseconds);
            switch (outcome)
            {
                case PiccFrameOutcome.Answer:
                    AnswerCount++;
                    return response.BitCount > 0;
                case PiccFrameOutcome.AnswerThenIdle:
                    ToIdleOrHalt(halted);
                    AnswerCount++;
                    return response.BitCount > 0;
                case PiccFrameOutcome.Halt:
                    response.Clear();
                    state = PiccState.Halt;
                    FrameProtocol.Reset();
                    return false;
                case PiccFrameOutcome.Idle:
                    response.Clear();
                    ToIdleOrHalt(halted);
                    return false;
                default:
                    response.Clear();
                    return false;
            }
        }

        private void ToIdleOrHalt(bool halted)
        {
            state = halted ? PiccState.Halt : PiccState.Idle;
            cascadeLevel = 0;
            LeaveProtocol();
        }

        private void LeaveProtocol()
        {
            if (FrameProtocol != null)
            {
                FrameProtocol.Reset();
            }

            if (protocolActive && Protocol != null)
            {
                Protocol.Reset();
            }

            protocolActive = false;
        }
    }
}
