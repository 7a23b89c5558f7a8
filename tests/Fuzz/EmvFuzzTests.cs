using System;
using DualReader.Firmware;
using DualReader.Firmware.Emv;
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
    /// BER-TLV decoding of random data, deep nesting and huge lengths, and the EMV read flow against a card whose
    /// answers are mutated. Properties: no exception, a defined outcome, values inside their buffers.
    /// </summary>
    [TestClass]
    public class EmvFuzzTests
    {
        private const uint TargetTlv = 62;
        private const uint TargetEmv = 63;

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
    }
}
