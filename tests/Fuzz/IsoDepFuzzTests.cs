using System;
using DualReader.Firmware;
using DualReader.Firmware.Emv;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Firmware.Tlv;
using DualReader.Hal;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// ISO-DEP against hostile cards: ATS parsing of random and mutated ATS; the ISO-DEP transport (firmware/IsoDep)
    /// over <see cref="DirectFrameLink"/> against a PICC that answers RATS, PPS and blocks with random or subtly wrong
    /// frames (wrong PCB, wrong block numbers, lengths past FSD, damaged CRCs, chaining that never ends, WTX storms).
    /// Properties: no exception, a defined outcome, bounded frames and virtual time. BER-TLV and EMV: EmvFuzzTests.
    /// </summary>
    [TestClass]
    public class IsoDepFuzzTests
    {
        private const uint TargetAts = 60;
        private const uint TargetTransport = 61;
        private const uint TargetTransportLimit = 64;

        // Air time of the frame pair that may end after the exchange limit: a reader frame of the link's 64 bytes and
        // the hostile PICC's longest answer (HostilePicc.LongestAnswer), each with CRC_A, at 106 kbit/s.
        private static readonly long ExchangeSlackMicroseconds = DirectFrameLink.FrameMicroseconds(64 + 2, BitRate.Kbps106)
            + DirectFrameLink.FrameMicroseconds(HostilePicc.LongestAnswer + 2, BitRate.Kbps106);

        [TestMethod]
        public void FuzzAtsParsing()
        {
            int cases = FuzzSettings.Cases(50000);
            AnswerToSelect ats = new AnswerToSelect();
            byte[] buffer = new byte[300];
            int accepted = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetAts, index));
                string where = FuzzSettings.Describe(random, index);
                int count = RandomAts(random, buffer);
                int frameSizeForDevice = AnswerToSelect.FrameSizeFromIndex(random.Next(9));
                if (ats.TryParse(buffer, 0, count, frameSizeForDevice))
                {
                    accepted++;
                    Assert.AreEqual(count, ats.Length, where);
                    Assert.IsTrue(ats.HistoricalOffset >= 1 && ats.HistoricalOffset + ats.HistoricalCount == ats.Length, where);
                    Assert.IsTrue(ats.FrameSizeForCard >= 16 && ats.FrameSizeForCard <= 4096, where + ": FSC " + ats.FrameSizeForCard);
                    Assert.IsTrue(ats.FrameWaitingIndex >= 0 && ats.FrameWaitingIndex <= 14, where + ": FWI " + ats.FrameWaitingIndex);
                    Assert.IsTrue(ats.StartUpFrameGuardIndex >= 0 && ats.StartUpFrameGuardIndex <= 14, where);
                    byte[] copy = new byte[AnswerToSelect.MaximumLength];
                    Assert.AreEqual(count, ats.CopyTo(copy, 0), where);
                }
                else
                {
                    Assert.AreEqual(0, ats.Length, where);
                }
            }

            OutputHelper.WriteLine("ATS parsing: " + cases + " cases, " + accepted + " accepted, " + (cases - accepted) + " refused as malformed");
        }

        [TestMethod]
        public void FuzzIsoDepTransportAgainstHostilePicc()
        {
            int cases = FuzzSettings.Cases(30000);
            int[] activations = new int[5];
            int[] exchanges = new int[10];
            long frames = 0;
            long longest = 0;
            int cutByLimit = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetTransport, index));
                string where = FuzzSettings.Describe(random, index);
                VirtualClock clock = new VirtualClock();
                CostLedger ledger = new CostLedger();
                HostilePicc picc = new HostilePicc(random);
                DirectFrameLink link = new DirectFrameLink(clock, ledger, picc);
                link.Logging = false;
                IsoDepTransport transport = new IsoDepTransport(link, clock);
                // A third of the cases with a random exchange limit (1 ms .. 10 s), drawn from a stream of its own so
                // that the PICC's behaviour per case stays what it was before the limit existed.
                FuzzRandom limits = new FuzzRandom(FuzzSettings.CaseSeed(TargetTransportLimit, index));
                if (limits.Chance(33))
                {
                    transport.ExchangeLimitMicroseconds = limits.Between(1000, 10000000);
                }

                if (random.Chance(30))
                {
                    transport.Cid = random.Next(15);
                }

                transport.FrameSizeDeviceIndex = random.Chance(70) ? 5 : random.Next(9);
                long start = clock.Now;
                ActivationResult activation = transport.Activate();
                Assert.IsTrue((int)activation <= (int)ActivationResult.ChipError, where + ": activation " + (int)activation);
                Assert.IsTrue(clock.Now - start <= 30000000L, where + ": activation took " + (clock.Now - start) + " us");
                activations[(int)activation]++;
                if (activation == ActivationResult.Ok)
                {
                    for (int e = 0; e < 3; e++)
                    {
                        byte[] command = random.Bytes(random.Chance(80) ? random.Between(4, 40) : random.Between(1, 261));
                        int capacity = random.Chance(80) ? 1024 : random.Between(0, 300);
                        byte[] response = new byte[capacity + 2];
                        int offset = random.Next(3);
                        int count;
                        int before = picc.Frames;
                        start = clock.Now;
                        ExchangeResult result = transport.Exchange(command, 0, command.Length, response, offset, capacity, out count);
                        long elapsed = clock.Now - start;
                        int used = picc.Frames - before;
                        Assert.IsTrue((int)result <= (int)ExchangeResult.ChipError, where + ": exchange " + (int)result);
                        Assert.IsTrue(count >= 0 && count <= capacity, where + ": count " + count);
                        // The exchange limit (5 s by default) bounds everything: FWT and WTX waits, retransmissions,
                        // chaining, the S(DESELECT) on failure. It may be overrun only by the frame pair under way when it
                        // ran out: our longest frame (the link's 64 bytes) and the PICC's longest answer, at 106 kbit/s.
                        Assert.IsTrue(elapsed <= transport.ExchangeLimitMicroseconds + ExchangeSlackMicroseconds, where + ": exchange took " + elapsed + " us");
                        // Never-ending chaining is cut by the response buffer: at most one block per byte, plus WTX and repairs.
                        Assert.IsTrue(used <= capacity + command.Length + transport.MaximumWaitExtensions + 50, where + ": " + used + " frames");
                        exchanges[(int)result]++;
                        cutByLimit += elapsed >= transport.ExchangeLimitMicroseconds ? 1 : 0;
                        frames += used;
                        if (elapsed > longest)
                        {
                            longest = elapsed;
                        }

                        if (!transport.IsActive)
                        {
                            break;
                        }
                    }

                    ExchangeResult deselect = transport.Deselect();
                    Assert.IsTrue((int)deselect <= (int)ExchangeResult.ChipError, where + ": deselect " + (int)deselect);
                }
            }

            OutputHelper.WriteLine("ISO-DEP vs hostile PICC: " + cases + " cases; activations Ok " + activations[0] + ", NoResponse " + activations[1]
                + ", TransmissionError " + activations[2] + ", MalformedAts " + activations[3] + ", ChipError " + activations[4] + "; exchanges "
                + Exchanges(exchanges) + "; " + frames + " exchange frames, longest exchange " + longest + " us virtual, " + cutByLimit
                + " exchanges ended by the exchange limit");
        }

        /// <summary>A random ATS or a valid one with some bytes changed.</summary>
        private static int RandomAts(FuzzRandom random, byte[] buffer)
        {
            if (random.Chance(30))
            {
                int count = random.Next(260);
                random.NextBytes(buffer, 0, count);
                if (count > 0 && random.Chance(50))
                {
                    buffer[0] = (byte)count;
                }

                return count;
            }

            int historical = random.Next(20);
            int length = 0;
            buffer[length++] = 0;
            int t0 = random.NextByte() & 0x7F;
            buffer[length++] = (byte)t0;
            if ((t0 & 0x10) != 0)
            {
                buffer[length++] = random.NextByte();
            }

            if ((t0 & 0x20) != 0)
            {
                buffer[length++] = random.NextByte();
            }

            if ((t0 & 0x40) != 0)
            {
                buffer[length++] = random.NextByte();
            }

            random.NextBytes(buffer, length, historical);
            length += historical;
            buffer[0] = (byte)length;
            if (random.Chance(20))
            {
                buffer[random.Next(length)] = random.NextByte();
            }

            if (random.Chance(10))
            {
                length = random.Next(length + 1);
            }

            return length;
        }

        private static string Exchanges(int[] results)
        {
            string text = "";
            for (int i = 0; i < results.Length; i++)
            {
                if (results[i] > 0)
                {
                    text += (text.Length > 0 ? ", " : "") + ((ExchangeResult)i).ToString() + " " + results[i];
                }
            }

            return text.Length == 0 ? "none" : text;
        }

        /// <summary>
        /// A PICC that answers RATS with a random or mutated ATS, PPS with an echo, garbage or silence, and blocks like
        /// a card that breaks ISO/IEC 14443-4 in random ways: wrong block type or number, chaining that never ends,
        /// storms of S(WTX) with random WTXM, lengths past the FSD, and silence.
        /// </summary>
        private sealed class HostilePicc : IPiccProtocol
        {
            /// <summary>Longest answer it sends: an I-block header and 300 bytes (garbage is at most 300).</summary>
            public const int LongestAnswer = 301;

            private readonly FuzzRandom random;
            private readonly int chaos;
            private readonly bool chainForever;
            private readonly bool wtxStorm;
            private int blockNumber;
            private bool deselected;

            public HostilePicc(FuzzRandom random)
            {
                this.random = random;
                chaos = random.Chance(20) ? 100 : random.Between(0, 40);
                chainForever = random.Chance(10);
                wtxStorm = random.Chance(10);
            }

            public int Frames { get; private set; }

            public bool Deselected
            {
                get { return deselected; }
            }

            public BitRate PcdToPiccRate
            {
                get { return BitRate.Kbps106; }
            }

            public BitRate PiccToPcdRate
            {
                get { return BitRate.Kbps106; }
            }

            public void Reset()
            {
                blockNumber = 0;
                deselected = false;
            }

            public int HandleFrame(byte[] frame, int offset, int count, byte[] response, int responseOffset, out int processingMicroseconds)
            {
                Frames++;
                processingMicroseconds = random.Chance(90) ? random.Next(500) : random.Next(20000);
                byte first = frame[offset];
                if (random.Chance(chaos / 4))
                {
                    return 0; // silence
                }

                if (first == 0xE0)
                {
                    int length = RandomAts(random, response, responseOffset);
                    return length;
                }

                if ((first & 0xF0) == 0xD0)
                {
                    if (random.Chance(60))
                    {
                        response[responseOffset] = first; // PPS response: PPSS echoed (5.4)
                        return 1;
                    }

                    return Garbage(response, responseOffset);
                }

                if (first == 0xC2 || first == 0xCA)
                {
                    deselected = random.Chance(80);
                    response[responseOffset] = random.Chance(90) ? first : random.NextByte();
                    return 1;
                }

                if (wtxStorm || random.Chance(chaos / 3))
                {
                    // S(WTX) with a random WTXM (valid 1..59, sometimes 0 or above).
                    response[responseOffset] = 0xF2;
                    response[responseOffset + 1] = (byte)(random.Chance(80) ? random.Between(1, 59) : random.Next(64));
                    return 2;
                }

                if (random.Chance(chaos))
                {
                    return Garbage(response, responseOffset);
                }

                // An I-block answer; chaining forever or a normal end.
                bool chaining = chainForever || random.Chance(chaos / 2);
                int pcb = 0x02 | (chaining ? 0x10 : 0) | (random.Chance(chaos / 2) ? random.Next(2) : (first & 0x01));
                response[responseOffset] = (byte)pcb;
                int dataLength = random.Chance(90) ? random.Between(0, 20) : random.Between(0, 300);
                random.NextBytes(response, responseOffset + 1, dataLength);
                if (!chaining && dataLength >= 2)
                {
                    response[responseOffset + dataLength - 1] = 0x90;
                    response[responseOffset + dataLength] = 0x00;
                }

                blockNumber ^= 1;
                return 1 + dataLength;
            }

            private int Garbage(byte[] response, int offset)
            {
                int length = random.Chance(80) ? random.Between(1, 8) : random.Between(0, 300);
                random.NextBytes(response, offset, length);
                return length;
            }

            private int RandomAts(FuzzRandom source, byte[] response, int offset)
            {
                if (source.Chance(70 - (chaos / 2)))
                {
                    // A plausible ATS: TL T0 TA TB TC, FWI and SFGI random.
                    response[offset] = 5;
                    response[offset + 1] = (byte)(0x70 | source.Next(9));
                    response[offset + 2] = (byte)(source.NextByte() & 0xF7);
                    response[offset + 3] = (byte)((source.Between(0, 14) << 4) | source.Between(0, 8));
                    response[offset + 4] = (byte)(source.NextByte() & 0x03);
                    return 5;
                }

                return Garbage(response, offset);
            }
        }
    }
}
