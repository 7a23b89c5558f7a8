using System;
using DualReader.Firmware.Iso14443;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// ISO/IEC 14443-3A activation against hostile and garbled PICC answers. Two levels: the activation alone
    /// against a transceiver that answers at random within the <see cref="IBitFrameTransceiver"/> contract, and
    /// the real MFRC522 driver on the register-level model with random PICCs (UID sizes, ATQA, SAK), real
    /// collisions, damaged answers (<see cref="VirtualPicc.CorruptNextAnswers"/>) and answers rewritten on air
    /// (<see cref="PiccField.Filter"/>: random ATQA/UID/BCC/SAK bits, truncation, extension, silence).
    /// Properties: a defined <see cref="ActivationStatus"/>, no exception, a bounded number of frames and of
    /// virtual time, a sane identity on Ok, and recovery (the PICCs are activated once the air is clean).
    /// </summary>
    [TestClass]
    public class ActivationFuzzTests
    {
        private const uint TargetHostileTransceiver = 30;
        private const uint TargetGarbledAir = 31;

        /// <summary>REQA/WUPA, then per cascade level at most 41 anticollision rounds and one SELECT.</summary>
        private const int MaximumFrames = 1 + (3 * (41 + 1));

        [TestMethod]
        public void FuzzActivationAgainstHostileTransceiver()
        {
            int cases = FuzzSettings.Cases(20000);
            int[] outcomes = new int[8];
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetHostileTransceiver, index));
                string where = FuzzSettings.Describe(random, index);
                HostileTransceiver hostile = new HostileTransceiver(random);
                hostile.NoisePercent = random.Chance(20) ? 100 : random.Between(0, 30);
                TypeAActivation activation = new TypeAActivation(hostile);
                PiccIdentity identity = new PiccIdentity();
                ActivationStatus status = activation.Activate(random.Chance(50), identity);
                Assert.IsTrue((int)status <= (int)ActivationStatus.ChipError, where + ": status " + (int)status);
                Assert.IsTrue(hostile.Frames <= MaximumFrames, where + ": " + hostile.Frames + " frames");
                if (status == ActivationStatus.Ok)
                {
                    Assert.IsTrue(identity.UidLength == 4 || identity.UidLength == 7 || identity.UidLength == 10, where + ": UID length " + identity.UidLength);
                    Assert.AreEqual(0, identity.Sak & TypeAActivation.SakCascadeBit, where);
                }

                outcomes[(int)status]++;
                if (random.Chance(20))
                {
                    ActivationStatus halt = activation.Halt();
                    Assert.IsTrue(halt == ActivationStatus.Ok || halt == ActivationStatus.ProtocolError || halt == ActivationStatus.ChipError, where + ": halt " + (int)halt);
                }
            }

            OutputHelper.WriteLine("activation vs hostile transceiver: " + cases + " cases; " + Outcomes(outcomes));
        }

        [TestMethod]
        public void FuzzActivationThroughMfrc522WithGarbledAir()
        {
            int cases = FuzzSettings.Cases(20000);
            int[] outcomes = new int[8];
            int rewritten = 0;
            int corrupted = 0;
            int recoveries = 0;
            long frames = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetGarbledAir, index));
                string where = FuzzSettings.Describe(random, index);
                SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
                int piccCount = random.Chance(60) ? 1 : random.Between(2, 3);
                VirtualPicc[] piccs = new VirtualPicc[piccCount];
                for (int p = 0; p < piccCount; p++)
                {
                    int size = random.Chance(50) ? 4 : (random.Chance(70) ? 7 : 10);
                    byte[] uid = random.Bytes(size);
                    if (uid[0] == TypeAActivation.CascadeTag)
                    {
                        uid[0] = 0x08; // ISO/IEC 14443-3 6.5.4: uid0 is never the cascade tag
                    }

                    // A compliant final SAK (no cascade bit); hostile SAKs come through the air filter.
                    piccs[p] = board.AddPicc(uid, random.Bytes(2), (byte)(random.NextByte() & ~TypeAActivation.SakCascadeBit));
                    piccs[p].CorruptNextAnswers = random.Chance(30) ? random.Between(1, 4) : 0;
                    corrupted += piccs[p].CorruptNextAnswers;
                }

                int rewritePercent = random.Chance(30) ? 0 : random.Between(5, 60);
                int rewrites = 0;
                board.Field.Filter = delegate (AirFrame request, AirFrame answer, int answers)
                {
                    if (!random.Chance(rewritePercent))
                    {
                        return answers;
                    }

                    rewrites++;
                    Garble(random, answer);
                    return answer.BitCount == 0 ? 0 : (answers == 0 ? 1 : answers);
                };

                CountingTransceiver counter = new CountingTransceiver(board.Driver, board.Ledger);
                TypeAActivation activation = new TypeAActivation(counter);
                PiccIdentity identity = new PiccIdentity();
                long start = board.Clock.Now;
                ActivationStatus status = activation.Activate(random.Chance(50), identity);
                long elapsed = board.Clock.Now - start;
                Assert.IsTrue((int)status <= (int)ActivationStatus.ChipError, where + ": status " + (int)status);
                Assert.IsTrue(counter.Costs.Count <= MaximumFrames, where + ": " + counter.Costs.Count + " frames");
                // Each frame waits at most its air time + frame timeout + a full FIFO's air time + 2 ms (driver bound).
                Assert.IsTrue(elapsed <= counter.Costs.Count * 6000L, where + ": " + elapsed + " us for " + counter.Costs.Count + " frames");
                EnumAssert.AreNotEqual(ActivationStatus.ChipError, status, where + ": a working chip reported ChipError");
                if (status == ActivationStatus.Ok)
                {
                    Assert.IsTrue(identity.UidLength == 4 || identity.UidLength == 7 || identity.UidLength == 10, where);
                }

                outcomes[(int)status]++;
                rewritten += rewrites;
                frames += counter.Costs.Count;

                // The fault ends: the air is clean again. Within three activations a PICC of the field is selected.
                board.Field.Filter = null;
                for (int p = 0; p < piccCount; p++)
                {
                    piccs[p].CorruptNextAnswers = 0;
                }

                bool recovered = false;
                for (int attempt = 0; attempt < 3 && !recovered; attempt++)
                {
                    ActivationStatus again = activation.Activate(true, identity);
                    if (again == ActivationStatus.Ok)
                    {
                        recovered = IsUidOf(piccs, identity);
                        Assert.IsTrue(recovered, where + ": selected UID " + identity.UidHex() + " belongs to no PICC");
                    }
                }

                Assert.IsTrue(recovered, where + ": no PICC selected after the fault ended");
                recoveries++;
            }

            OutputHelper.WriteLine("activation through MFRC522 with garbled air: " + cases + " cases, " + frames + " frames, " + rewritten
                + " answers rewritten on air, " + corrupted + " answers damaged (parity), " + recoveries + " recoveries; " + Outcomes(outcomes));
        }

        /// <summary>Rewrites an answer the way noise or a hostile PICC would.</summary>
        internal static void Garble(FuzzRandom random, AirFrame answer)
        {
            int kind = random.Next(5);
            if (kind == 0)
            {
                // Random bits of a plausible length (ATQA 16, UID CLn + BCC 40, SAK + CRC 24) or any length.
                int bits = random.Chance(70) ? (random.Chance(33) ? 16 : (random.Chance(50) ? 40 : 24)) : random.Next(120);
                answer.Clear();
                for (int i = 0; i < bits; i++)
                {
                    answer.AppendBit(random.Next(2));
                }
            }
            else if (kind == 1)
            {
                int flips = random.Between(1, 3);
                for (int f = 0; f < flips && answer.BitCount > 0; f++)
                {
                    int bit = random.Next(answer.BitCount);
                    answer.SetBit(bit, answer.GetBit(bit) ^ 1);
                }
            }
            else if (kind == 2)
            {
                answer.Truncate(random.Next(answer.BitCount + 1));
            }
            else if (kind == 3)
            {
                int extra = random.Between(1, 24);
                for (int i = 0; i < extra; i++)
                {
                    answer.AppendBit(random.Next(2));
                }
            }
            else
            {
                answer.Clear();
            }
        }

        private static bool IsUidOf(VirtualPicc[] piccs, PiccIdentity identity)
        {
            for (int p = 0; p < piccs.Length; p++)
            {
                byte[] uid = piccs[p].Uid;
                if (uid.Length != identity.UidLength)
                {
                    continue;
                }

                bool same = true;
                for (int i = 0; i < uid.Length; i++)
                {
                    same = same && uid[i] == identity.Uid[i];
                }

                if (same)
                {
                    return true;
                }
            }

            return false;
        }

        internal static string Outcomes(int[] outcomes)
        {
            return "Ok " + outcomes[0] + ", NoCard " + outcomes[1] + ", CollisionUnresolved " + outcomes[2] + ", Timeout " + outcomes[3]
                + ", ProtocolError " + outcomes[4] + ", ChipError " + outcomes[5];
        }

        /// <summary>
        /// Answers frames at random (within the contract of <see cref="IBitFrameTransceiver"/>) or, for the rest, as
        /// one PICC with a random ATQA, random UID CLn per level (valid BCC) and a random SAK would.
        /// </summary>
        private sealed class HostileTransceiver : IBitFrameTransceiver
        {
            private readonly FuzzRandom random;
            private readonly byte[] levels = new byte[15];
            private readonly byte[] saks = new byte[3];
            private readonly byte[] atqa = new byte[2];

            public HostileTransceiver(FuzzRandom random)
            {
                this.random = random;
                random.NextBytes(atqa, 0, 2);
                int size = random.Between(1, 3);
                for (int level = 0; level < 3; level++)
                {
                    int at = level * 5;
                    random.NextBytes(levels, at, 4);
                    bool more = level < size - 1;
                    if (more)
                    {
                        levels[at] = TypeAActivation.CascadeTag;
                    }

                    levels[at + 4] = (byte)(levels[at] ^ levels[at + 1] ^ levels[at + 2] ^ levels[at + 3]);
                    if (random.Chance(10))
                    {
                        levels[at + 4] ^= (byte)random.Between(1, 255); // a wrong BCC
                    }

                    saks[level] = (byte)((random.NextByte() & ~TypeAActivation.SakCascadeBit) | (more ? TypeAActivation.SakCascadeBit : 0));
                    if (random.Chance(5))
                    {
                        saks[level] ^= TypeAActivation.SakCascadeBit; // a SAK that lies about the UID size
                    }
                }
            }

            private TransceiveResult Honest(byte[] tx, int txOffset, int txBitCount, byte[] rx, int rxOffset, int rxAlign, out int receivedBitCount)
            {
                receivedBitCount = 0;
                if (txBitCount == 7)
                {
                    rx[rxOffset] = atqa[0];
                    rx[rxOffset + 1] = atqa[1];
                    receivedBitCount = 16;
                    return TransceiveResult.Ok;
                }

                int level = (tx[txOffset] - TypeAActivation.SelectCascadeLevel1) / 2;
                if (level < 0 || level > 2 || txBitCount == 32)
                {
                    return TransceiveResult.NoResponse; // HLTA, or an unknown command: mute
                }

                if (tx[txOffset + 1] == 0x70)
                {
                    // SELECT: SAK + CRC_A.
                    rx[rxOffset] = saks[level];
                    CrcA.Append(rx, rxOffset, 1);
                    receivedBitCount = 24;
                    return TransceiveResult.Ok;
                }

                // ANTICOLLISION: the bits after the known ones, the first at bit rxAlign of the first byte.
                int known = txBitCount - 16;
                for (int i = 0; i < 8; i++)
                {
                    rx[rxOffset + i] = 0;
                }

                for (int bit = known; bit < 40; bit++)
                {
                    int value = (levels[(level * 5) + (bit / 8)] >> (bit % 8)) & 1;
                    int target = rxAlign + bit - known;
                    rx[rxOffset + (target / 8)] = (byte)(rx[rxOffset + (target / 8)] | (value << (target % 8)));
                }

                receivedBitCount = 40 - known;
                return TransceiveResult.Ok;
            }

            public int Frames { get; private set; }

            /// <summary>Percent of frames answered at random; the rest are answered as one honest PICC would.</summary>
            public int NoisePercent { get; set; } = 100;

            public TransceiveResult TransceiveBits(byte[] txBuffer, int txOffset, int txBitCount, byte[] rxBuffer, int rxOffset, int rxCapacity, int rxAlign, int expectedRxBytes, int timeoutMicroseconds, out int receivedBitCount, out int collisionBitIndex)
            {
                Frames++;
                Assert.IsTrue(txBitCount >= 1 && (txBitCount + 7) / 8 <= txBuffer.Length - txOffset, "tx within its buffer");
                Assert.IsTrue(rxAlign >= 0 && rxAlign <= 7 && timeoutMicroseconds > 0, "rx alignment and timeout");
                receivedBitCount = 0;
                collisionBitIndex = -1;
                if (!random.Chance(NoisePercent))
                {
                    return Honest(txBuffer, txOffset, txBitCount, rxBuffer, rxOffset, rxAlign, out receivedBitCount);
                }

                int roll = random.Next(100);
                TransceiveResult result;
                if (roll < 55)
                {
                    result = TransceiveResult.Ok;
                }
                else if (roll < 75)
                {
                    result = TransceiveResult.Collision;
                }
                else
                {
                    result = (TransceiveResult)random.Next(8);
                }

                if (result == TransceiveResult.NoResponse || result == TransceiveResult.ChipError)
                {
                    return result;
                }

                random.NextBytes(rxBuffer, rxOffset, rxCapacity);
                int maximumBits = (rxCapacity * 8) - rxAlign;
                // Mostly the length the PCD expects, sometimes anything that fits.
                receivedBitCount = random.Chance(70) ? Math.Min(maximumBits, (expectedRxBytes * 8) - rxAlign) : random.Next(maximumBits + 1);
                if (receivedBitCount < 0)
                {
                    receivedBitCount = 0;
                }

                if (result == TransceiveResult.Ok && random.Chance(30) && receivedBitCount >= 24)
                {
                    // A well-formed SAK with CRC_A sometimes, so that SELECT can succeed.
                    rxBuffer[rxOffset] = (byte)(random.NextByte() & (random.Chance(50) ? 0xFF : ~TypeAActivation.SakCascadeBit));
                    CrcA.Append(rxBuffer, rxOffset, 1);
                }

                if (result == TransceiveResult.Collision)
                {
                    collisionBitIndex = random.Chance(90) ? random.Next(receivedBitCount + 1) : -1;
                }

                return result;
            }
        }
    }
}
