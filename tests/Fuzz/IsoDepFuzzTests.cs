using System;
using DualReader.Firmware.Emv;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Firmware.Tlv;
using DualReader.Firmware;
using DualReader.Hal;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// ISO-DEP, BER-TLV and EMV reading against hostile cards: ATS parsing of random and mutated ATS; the ISO-DEP
    /// transport (firmware/IsoDep) over <see cref="DirectFrameLink"/> against a PICC that answers RATS, PPS and blocks
    /// with random or subtly wrong frames (wrong PCB, wrong block numbers, lengths past FSD, damaged CRCs, chaining
    /// that never ends, WTX storms); BER-TLV decoding of random data, deep nesting and huge lengths; the EMV read flow
    /// against a card whose answers are mutated. Properties: no exception, a defined outcome, bounded frames and
    /// virtual time, values inside their buffers.
    /// </summary>
    [TestClass]
    public class IsoDepFuzzTests
    {
        private const uint TargetAts = 60;
        private const uint TargetTransport = 61;
        private const uint TargetTlv = 62;
        private const uint TargetEmv = 63;
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

        [TestMethod]
        public void FuzzBerTlvDecoding()
        {
            int cases = FuzzSettings.Cases(50000);
            byte[] buffer = new byte[600];
            int wellFormed = 0;
            int found = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetTlv, index));
                string where = FuzzSettings.Describe(random, index);
                int count = RandomTlv(random, buffer);
                int offset = random.Chance(80) ? 0 : random.Next(count + 1);
                int length = count - offset;
                if (BerTlv.IsWellFormed(buffer, offset, length))
                {
                    wellFormed++;
                }

                TlvElement element;
                int position = offset;
                int elements = 0;
                while (BerTlv.TryReadElement(buffer, position, offset + length, out element))
                {
                    AssertInside(element, offset, offset + length, where);
                    long number;
                    BerTlv.TryReadUnsigned(buffer, element, out number);
                    BerTlv.TryReadBcd(buffer, element, out number);
                    Assert.IsTrue(element.End > position, where + ": no progress");
                    position = element.End;
                    Assert.IsTrue(++elements <= length, where);
                }

                int tag = random.Chance(50) ? CommonTag(random) : (int)(random.NextUInt() & 0xFFFFFF);
                if (BerTlv.TryFind(buffer, offset, length, tag, out element))
                {
                    AssertInside(element, offset, offset + length, where);
                    Assert.AreEqual(tag, element.Tag, where);
                    found++;
                }

                if (BerTlv.TryFindAnywhere(buffer, offset, length, tag, out element))
                {
                    AssertInside(element, offset, offset + length, where);
                    Assert.AreEqual(tag, element.Tag, where);
                    found++;
                }

                int[] path = new int[random.Between(1, 4)];
                for (int i = 0; i < path.Length; i++)
                {
                    path[i] = CommonTag(random);
                }

                if (BerTlv.TryFindPath(buffer, offset, length, path, out element))
                {
                    AssertInside(element, offset, offset + length, where);
                    found++;
                }
            }

            OutputHelper.WriteLine("BER-TLV decoding: " + cases + " cases (random, deep nesting, huge and lying lengths), " + wellFormed + " well formed, "
                + found + " lookups found an object inside the data");
        }

        [TestMethod]
        public void FuzzEmvReadAgainstMutatedCard()
        {
            int cases = FuzzSettings.Cases(15000);
            int[] outcomes = new int[32];
            int mutated = 0;
            int shortPans = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetEmv, index));
                string where = FuzzSettings.Describe(random, index);
                int which = random.Next(4);
                ScenarioDevice device = which == 0 ? SampleCards.ApplePayVisa() : (which == 1 ? SampleCards.UnionPayDualApplication() : (which == 2 ? SampleCards.VisaCard() : SampleCards.Mastercard()));
                MutatingResponder responder = new MutatingResponder(new ScenarioApduResponder(device), random, random.Between(5, 60));
                VirtualIsoDepCard card = new VirtualIsoDepCard(device.Ats, responder);
                VirtualClock clock = new VirtualClock();
                DirectFrameLink link = new DirectFrameLink(clock, new CostLedger(), card);
                link.Logging = false;
                card.Reset();
                IsoDepTransport transport = new IsoDepTransport(link, clock);
                EnumAssert.AreEqual(ActivationResult.Ok, transport.Activate(), where);
                TransactionSummary summary = new TransactionSummary();
                EmvReader reader = new EmvReader(transport, new TerminalData(), new FuzzRandomSource(random), clock);
                long start = clock.Now;
                ReadOutcome outcome = reader.Read(summary);
                long elapsed = clock.Now - start;
                Assert.IsTrue((int)outcome <= (int)ReadOutcome.MalformedData, where + ": outcome " + (int)outcome);
                Assert.IsTrue(elapsed <= 60000000L, where + ": read took " + elapsed + " us");
                Assert.IsTrue(summary.RecordsRead <= reader.MaximumRecords, where + ": " + summary.RecordsRead + " records");
                Assert.IsTrue(responder.Commands <= 2 + EmvReader.MaximumCandidates + reader.MaximumRecords + 10, where + ": " + responder.Commands + " APDUs");
                if (summary.MaskedPan != null)
                {
                    // Either the host link's rule (12..19 digits, first 6 and last 4 shown) or masked whole.
                    Assert.IsTrue(DualReader.Firmware.Emv.PanMasking.IsMasked(summary.MaskedPan) || AllStars(summary.MaskedPan),
                        where + ": PAN not masked (" + summary.MaskedPan.Length + " characters, " + Digits(summary.MaskedPan) + " digits shown)");
                    shortPans += AllStars(summary.MaskedPan) ? 1 : 0;
                }

                outcomes[(int)outcome]++;
                mutated += responder.Mutated;
            }

            string text = "";
            for (int i = 0; i < outcomes.Length; i++)
            {
                if (outcomes[i] > 0)
                {
                    text += (text.Length > 0 ? ", " : "") + ReadOutcomeNames.Name((ReadOutcome)i) + " " + outcomes[i];
                }
            }

            OutputHelper.WriteLine("EMV read vs mutated card: " + cases + " cases, " + mutated + " responses mutated; outcomes: " + text + "; " + shortPans
                + " PANs under 12 digits masked whole");
        }

        private static bool AllStars(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] != '*')
                {
                    return false;
                }
            }

            return true;
        }

        private static int Digits(string text)
        {
            int digits = 0;
            for (int i = 0; i < text.Length; i++)
            {
                digits += text[i] >= '0' && text[i] <= '9' ? 1 : 0;
            }

            return digits;
        }

        private static void AssertInside(TlvElement element, int start, int end, string where)
        {
            Assert.IsTrue(element.TagOffset >= start && element.ValueOffset > element.TagOffset && element.ValueLength >= 0 && element.End <= end,
                where + ": element " + element.TagOffset + "/" + element.ValueOffset + "+" + element.ValueLength + " outside " + start + ".." + end);
        }

        private static int CommonTag(FuzzRandom random)
        {
            int[] tags = { 0x6F, 0x84, 0xA5, 0xBF0C, 0x61, 0x4F, 0x50, 0x87, 0x9F38, 0x77, 0x80, 0x94, 0x70, 0x57, 0x5A, 0x5F24, 0x9F36, 0x9F4F };
            return tags[random.Next(tags.Length)];
        }

        /// <summary>Random TLV: random bytes, deep nesting, huge or lying lengths, or a valid structure mutated.</summary>
        private static int RandomTlv(FuzzRandom random, byte[] buffer)
        {
            int kind = random.Next(5);
            if (kind == 0)
            {
                int count = random.Next(200);
                random.NextBytes(buffer, 0, count);
                return count;
            }

            if (kind == 1)
            {
                // Deep nesting: constructed templates inside each other, lengths right or wrong.
                int depth = random.Between(2, 60);
                int total = depth * 2 + 4;
                int at = 0;
                for (int d = 0; d < depth; d++)
                {
                    buffer[at++] = random.Chance(80) ? (byte)0x70 : (byte)0xA5;
                    int inner = total - at - 1;
                    buffer[at++] = (byte)(random.Chance(85) ? inner : random.NextByte());
                }

                buffer[at++] = 0x5A;
                buffer[at++] = 0x02;
                buffer[at++] = 0x12;
                buffer[at++] = 0x34;
                return at;
            }

            if (kind == 2)
            {
                // Huge lengths: long forms up to 4 length bytes, indefinite form, lengths past the end.
                int at = 0;
                int objects = random.Between(1, 5);
                for (int o = 0; o < objects; o++)
                {
                    buffer[at++] = (byte)CommonTag(random);
                    int form = random.Next(5);
                    if (form == 0)
                    {
                        buffer[at++] = 0x80;
                    }
                    else
                    {
                        buffer[at++] = (byte)(0x80 | form);
                        for (int i = 0; i < form; i++)
                        {
                            buffer[at++] = random.Chance(50) ? (byte)0xFF : random.NextByte();
                        }
                    }

                    int body = random.Next(20);
                    random.NextBytes(buffer, at, body);
                    at += body;
                }

                return at;
            }

            // A valid FCI-like structure, then mutated bytes.
            int length = 0;
            buffer[length++] = 0x6F;
            int fciLength = length++;
            buffer[length++] = 0x84;
            buffer[length++] = 0x07;
            random.NextBytes(buffer, length, 7);
            length += 7;
            buffer[length++] = 0xA5;
            int a5 = length++;
            buffer[length++] = 0xBF;
            buffer[length++] = 0x0C;
            int bf0c = length++;
            int apps = random.Between(0, 4);
            for (int a = 0; a < apps; a++)
            {
                buffer[length++] = 0x61;
                buffer[length++] = 0x0C;
                buffer[length++] = 0x4F;
                buffer[length++] = 0x07;
                random.NextBytes(buffer, length, 7);
                length += 7;
                buffer[length++] = 0x87;
                buffer[length++] = 0x01;
                buffer[length++] = random.NextByte();
            }

            buffer[bf0c] = (byte)(length - bf0c - 1);
            buffer[a5] = (byte)(length - a5 - 1);
            buffer[fciLength] = (byte)(length - fciLength - 1);
            int flips = kind == 3 ? random.Between(1, 4) : 0;
            for (int f = 0; f < flips; f++)
            {
                buffer[random.Next(length)] = random.NextByte();
            }

            if (kind == 4)
            {
                length = random.Next(length + 1); // truncated
            }

            return length;
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

        /// <summary>Random bytes for the EMV reader's unpredictable numbers.</summary>
        private sealed class FuzzRandomSource : IRandomSource
        {
            private readonly FuzzRandom random;

            public FuzzRandomSource(FuzzRandom random)
            {
                this.random = random;
            }

            public void NextBytes(byte[] buffer, int offset, int count)
            {
                random.NextBytes(buffer, offset, count);
            }
        }

        /// <summary>Passes APDUs to a card's responder and damages a share of the answers.</summary>
        private sealed class MutatingResponder : IApduResponder
        {
            private readonly IApduResponder inner;
            private readonly FuzzRandom random;
            private readonly int percent;

            public MutatingResponder(IApduResponder inner, FuzzRandom random, int percent)
            {
                this.inner = inner;
                this.random = random;
                this.percent = percent;
            }

            public int Commands { get; private set; }

            public int Mutated { get; private set; }

            public int Respond(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, out int processingMicroseconds)
            {
                Commands++;
                int length = inner.Respond(command, commandOffset, commandCount, response, responseOffset, out processingMicroseconds);
                if (!random.Chance(percent))
                {
                    return length;
                }

                Mutated++;
                int kind = random.Next(5);
                if (kind == 0 && length > 2)
                {
                    int flips = random.Between(1, 4);
                    for (int f = 0; f < flips; f++)
                    {
                        response[responseOffset + random.Next(length - 2)] = random.NextByte();
                    }
                }
                else if (kind == 1)
                {
                    // Truncated data, SW kept.
                    int keep = random.Next(length + 1);
                    if (keep >= 2)
                    {
                        response[responseOffset + keep - 2] = 0x90;
                        response[responseOffset + keep - 1] = 0x00;
                    }

                    length = keep;
                }
                else if (kind == 2)
                {
                    // Random data with 9000.
                    length = random.Between(2, 250);
                    random.NextBytes(response, responseOffset, length - 2);
                    response[responseOffset + length - 2] = 0x90;
                    response[responseOffset + length - 1] = 0x00;
                }
                else if (kind == 3)
                {
                    // A random status word (61XX, 6CXX, 6A82, ...).
                    int[] words = { 0x6100, 0x6C00, 0x6A82, 0x6985, 0x6D00, 0x9000, 0x6283 };
                    int word = words[random.Next(words.Length)] | (random.Chance(50) ? random.NextByte() & 0xFF : 0);
                    length = random.Chance(50) ? 2 : length;
                    if (length < 2)
                    {
                        length = 2;
                    }

                    response[responseOffset + length - 2] = (byte)(word >> 8);
                    response[responseOffset + length - 1] = (byte)word;
                }
                else
                {
                    length = random.Next(2); // shorter than a status word
                }

                return length;
            }
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
