using System;
using System.Collections;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Reader;
using DualReader.Sim.Timing;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// Fuzzing of the UART host link's receiving side (FrameDecoder, MessageDecoder, HostCommandReceiver): random
    /// bytes, bit flips of valid frames, bad CRCs, oversized and half frames, random chunking, structurally valid
    /// frames with random payload fields. Properties: no exception; every outcome is a defined
    /// <see cref="DecodeStatus"/>; no reported payload exceeds its bound and the decoder's buffers never change
    /// size; after a 0x00 the decoder is in step again (a valid frame after the garbage is decoded exactly).
    /// </summary>
    [TestClass]
    public class HostLinkFuzzTests
    {
        private const uint TargetStreams = 1;
        private const uint TargetMutations = 2;
        private const uint TargetPayloads = 3;
        private const uint TargetReceiver = 4;

        /// <summary>The frame every case ends with: it must come out intact after the garbage.</summary>
        private static byte[] Sentinel(uint sequence)
        {
            return HostLinkTestData.Encode(HostLinkSamples.Error("fuzz sentinel"), sequence);
        }

        [TestMethod]
        public void FuzzRandomStreamsResynchronise()
        {
            int cases = FuzzSettings.Cases(20000);
            long bytes = 0;
            int errors = 0;
            FrameDecoder decoder = new FrameDecoder();
            byte[] stream = new byte[6000];
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetStreams, index));
                int length = 0;
                int garbage = random.Chance(10) ? random.Between(HostLinkProtocol.MaximumEncodedLength, 3000) : random.Next(300);
                for (int i = 0; i < garbage; i++)
                {
                    // Mostly random bytes, with extra delimiters so that short garbage frames reach the CRC check.
                    stream[length++] = random.Chance(5) ? (byte)0 : random.NextByte();
                }

                length = AppendSentinel(stream, length, (uint)index);
                bytes += length;
                errors += Feed(decoder, stream, length, random, index, (uint)index);
            }

            OutputHelper.WriteLine("host link, random streams: " + cases + " cases, " + bytes + " bytes, " + errors + " typed decode errors");
        }

        [TestMethod]
        public void FuzzMutatedFramesResynchronise()
        {
            int cases = FuzzSettings.Cases(20000);
            HostLinkMessage[] samples = AllSamples();
            byte[][] encoded = new byte[samples.Length][];
            for (int i = 0; i < samples.Length; i++)
            {
                encoded[i] = HostLinkTestData.Encode(samples[i], (uint)(100 + i));
            }

            FrameDecoder decoder = new FrameDecoder();
            byte[] stream = new byte[8000];
            byte[] raw = new byte[HostLinkProtocol.MaximumFrameLength + 16];
            int errors = 0;
            int[] kinds = new int[6];
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetMutations, index));
                byte[] frame = encoded[random.Next(encoded.Length)];
                int length = 0;
                int kind = random.Next(6);
                kinds[kind]++;
                switch (kind)
                {
                    case 0:
                        // Bit flips anywhere in the frame, the delimiter included.
                        Array.Copy(frame, 0, stream, 0, frame.Length);
                        length = frame.Length;
                        int flips = random.Between(1, 4);
                        for (int f = 0; f < flips; f++)
                        {
                            int at = random.Next(length);
                            stream[at] = (byte)(stream[at] ^ (1 << random.Next(8)));
                        }

                        break;
                    case 1:
                        // Half frame: cut anywhere, then a delimiter (the sender restarted).
                        length = random.Next(frame.Length - 1);
                        Array.Copy(frame, 0, stream, 0, length);
                        stream[length++] = 0;
                        break;
                    case 2:
                        // Bad CRC: a valid COBS frame whose CRC trailer is wrong.
                        length = RawFrame(random, raw, stream, true, random.Next(200));
                        break;
                    case 3:
                        // Oversize: no delimiter within the largest frame.
                        int oversize = random.Between(HostLinkProtocol.MaximumEncodedLength + 1, HostLinkProtocol.MaximumEncodedLength + 600);
                        for (int i = 0; i < oversize; i++)
                        {
                            stream[length++] = (byte)random.Between(1, 255);
                        }

                        stream[length++] = 0;
                        break;
                    case 4:
                        // Header lies: declared payload length differs from the bytes carried (or exceeds the limit).
                        length = RawFrame(random, raw, stream, false, random.Next(200));
                        break;
                    default:
                        // Two frames glued with a random byte in place of the delimiter.
                        Array.Copy(frame, 0, stream, 0, frame.Length);
                        length = frame.Length;
                        stream[length - 1] = (byte)random.Between(1, 255);
                        Array.Copy(frame, 0, stream, length, frame.Length);
                        length += frame.Length;
                        break;
                }

                length = AppendSentinel(stream, length, (uint)index);
                errors += Feed(decoder, stream, length, random, index, (uint)index);
            }

            OutputHelper.WriteLine("host link, mutated frames: " + cases + " cases (bit flips " + kinds[0] + ", half frames " + kinds[1] + ", bad CRC "
                + kinds[2] + ", oversize " + kinds[3] + ", lying header " + kinds[4] + ", glued " + kinds[5] + "), " + errors + " typed decode errors");
        }

        [TestMethod]
        public void FuzzRandomPayloadFieldsDecodeWithoutException()
        {
            int cases = FuzzSettings.Cases(30000);
            FrameEncoder encoder = new FrameEncoder();
            FrameDecoder decoder = new FrameDecoder();
            byte[] payload = new byte[HostLinkProtocol.MaximumPayloadLength];
            byte[] wire = new byte[HostLinkProtocol.MaximumWireLength];
            byte[] again = new byte[HostLinkProtocol.MaximumWireLength];
            int decoded = 0;
            int rejected = 0;
            int reencoded = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetPayloads, index));
                string where = FuzzSettings.Describe(random, index);
                int length = 0;
                int fields = random.Next(12);
                for (int f = 0; f < fields && length + 3 < payload.Length; f++)
                {
                    // Tags near the defined ones, lengths 0..40 (sometimes lying about the bytes that follow).
                    payload[length] = random.Chance(80) ? (byte)random.Between(1, 40) : random.NextByte();
                    int fieldLength = random.Chance(90) ? random.Next(40) : random.Next(2000);
                    int room = payload.Length - length - 3;
                    int carried = fieldLength < room ? fieldLength : room;
                    if (random.Chance(10))
                    {
                        carried = random.Next(carried + 1);
                    }

                    FieldWriter.PutUInt16(payload, length + 1, fieldLength);
                    random.NextBytes(payload, length + 3, carried);
                    length += 3 + carried;
                }

                byte type = random.Chance(90) ? KnownType(random) : random.NextByte();
                int wireLength;
                EncodeStatus status = encoder.EncodeRaw(HostLinkProtocol.Version, type, random.NextUInt(), payload, 0, length, wire, 0, wire.Length, out wireLength);
                EnumAssert.AreEqual(EncodeStatus.Ok, status, where);
                HostLinkMessage message = null;
                int events = 0;
                int position = 0;
                while (position < wireLength)
                {
                    int consumed;
                    DecodeStatus result = decoder.Push(wire, position, wireLength - position, out consumed);
                    position += consumed;
                    if (result == DecodeStatus.Frame)
                    {
                        events++;
                        AssertBounds(decoder, where);
                        message = MessageDecoder.Decode(decoder);
                    }
                    else
                    {
                        EnumAssert.AreEqual(DecodeStatus.NeedMoreData, result, where);
                    }
                }

                Assert.AreEqual(1, events, where);
                if (message == null)
                {
                    rejected++;
                    continue;
                }

                decoded++;

                // Whatever was decoded can be encoded again (or is refused with a typed status).
                int againLength;
                EncodeStatus back = encoder.Encode(message, message.Sequence, again, 0, again.Length, out againLength);
                Assert.IsTrue(back == EncodeStatus.Ok || back == EncodeStatus.PanNotMasked || back == EncodeStatus.PayloadTooLong || back == EncodeStatus.MissingField, where + ": " + (int)back);
                if (back == EncodeStatus.Ok)
                {
                    reencoded++;
                }
            }

            OutputHelper.WriteLine("host link, random payload fields: " + cases + " cases, " + decoded + " decoded (" + reencoded + " re-encoded), " + rejected + " rejected as null");
        }

        [TestMethod]
        public void FuzzHostCommandReceiverStaysBounded()
        {
            int cases = FuzzSettings.Cases(5000);
            HostLinkMessage[] samples = AllSamples();
            int commands = 0;
            int rejected = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetReceiver, index));
                string where = FuzzSettings.Describe(random, index);
                VirtualClock clock = new VirtualClock();
                CapturingSerialPort port = new CapturingSerialPort();
                port.ReadChunk = random.Between(1, 300);
                RecordQueue queue = new RecordQueue(clock, port, 8, RecordQueue.FullSlotLength, 100000);
                int records = random.Next(12);
                for (int i = 0; i < records; i++)
                {
                    queue.Enqueue(HostLinkSamples.Error("r" + i));
                }

                int pieces = random.Between(1, 10);
                for (int p = 0; p < pieces; p++)
                {
                    int choice = random.Next(4);
                    if (choice == 0)
                    {
                        port.Feed(random.Bytes(random.Next(400)));
                    }
                    else if (choice == 1)
                    {
                        AcknowledgeMessage ack = new AcknowledgeMessage();
                        ack.AcknowledgedSequence = random.Chance(50) ? (uint)random.Next(20) : random.NextUInt();
                        port.Feed(HostLinkTestData.Encode(ack, random.NextUInt()));
                    }
                    else
                    {
                        byte[] frame = HostLinkTestData.Encode(samples[random.Next(samples.Length)], random.NextUInt());
                        if (random.Chance(50))
                        {
                            frame[random.Next(frame.Length)] ^= (byte)(1 << random.Next(8));
                        }

                        port.Feed(frame);
                    }
                }

                HostCommandReceiver receiver = new HostCommandReceiver(port, queue);
                int guard = 0;
                while (port.BytesToRead > 0 || guard == 0)
                {
                    HostLinkMessage message = receiver.Poll();
                    if (message != null)
                    {
                        commands++;
                        Assert.IsTrue((int)message.Type >= 0x80, where);
                    }

                    Assert.IsTrue(++guard < 100000, where + ": receiver does not drain the port");
                    Assert.IsTrue(queue.Count >= 0 && queue.Count <= queue.Capacity, where);
                    if (message == null && port.BytesToRead == 0)
                    {
                        break;
                    }
                }

                Assert.IsTrue(IsDefined(receiver.LastError), where);
                rejected += receiver.FramesRejected;
            }

            OutputHelper.WriteLine("host link, command receiver: " + cases + " cases, " + commands + " host commands returned, " + rejected + " frames rejected");
        }

        /// <summary>Every sample message, the transaction record included.</summary>
        internal static HostLinkMessage[] AllSamples()
        {
            HostLinkMessage[] others = HostLinkSamples.AllButTransaction();
            HostLinkMessage[] all = new HostLinkMessage[others.Length + 1];
            all[0] = HostLinkSamples.Transaction();
            Array.Copy(others, 0, all, 1, others.Length);
            return all;
        }

        private static byte KnownType(FuzzRandom random)
        {
            HostLinkMessage[] samples = AllSamples();
            return (byte)samples[random.Next(samples.Length)].Type;
        }

        private static int AppendSentinel(byte[] stream, int length, uint sequence)
        {
            // The sender's resynchronising flush (an extra 0x00), then a valid frame.
            stream[length++] = 0;
            byte[] sentinel = Sentinel(sequence);
            Array.Copy(sentinel, 0, stream, length, sentinel.Length);
            return length + sentinel.Length;
        }

        /// <summary>
        /// Builds a COBS frame with a header whose length field lies (<paramref name="crcOk"/> true) or a correct
        /// header with a wrong CRC (false: see the caller) and writes it with its delimiter into
        /// <paramref name="stream"/>.
        /// </summary>
        private static int RawFrame(FuzzRandom random, byte[] raw, byte[] stream, bool badCrc, int payloadLength)
        {
            raw[0] = random.Chance(90) ? HostLinkProtocol.Version : random.NextByte();
            raw[1] = KnownType(random);
            FieldWriter.PutUInt32(raw, 2, random.NextUInt());
            int declared = payloadLength;
            if (!badCrc)
            {
                declared = random.Chance(50) ? random.Next(0x10000) : payloadLength + random.Between(-3, 3);
                if (declared < 0)
                {
                    declared = 0;
                }
            }

            FieldWriter.PutUInt16(raw, 6, declared);
            random.NextBytes(raw, HostLinkProtocol.HeaderLength, payloadLength);
            int frameLength = HostLinkProtocol.HeaderLength + payloadLength;
            ushort crc = Crc16.Compute(raw, 0, frameLength);
            if (badCrc)
            {
                crc = (ushort)(crc ^ random.Between(1, 0xFFFF));
            }

            FieldWriter.PutUInt16(raw, frameLength, crc);
            int encoded = Cobs.Encode(raw, 0, frameLength + HostLinkProtocol.CrcLength, stream, 0, stream.Length - 1);
            stream[encoded] = 0;
            return encoded + 1;
        }

        /// <summary>
        /// Pushes the stream in random chunks; checks every outcome; the last frame must be the sentinel with
        /// <paramref name="sentinelSequence"/>. Returns the number of typed errors seen.
        /// </summary>
        private static int Feed(FrameDecoder decoder, byte[] stream, int length, FuzzRandom random, int index, uint sentinelSequence)
        {
            string where = FuzzSettings.Describe(random, index);
            int errors = 0;
            int position = 0;
            HostLinkMessage last = null;
            int framesAfterLast = 0;
            long consumedBefore = decoder.BytesConsumed;
            while (position < length)
            {
                int chunk = random.Chance(50) ? random.Between(1, 8) : random.Between(1, 600);
                if (chunk > length - position)
                {
                    chunk = length - position;
                }

                int used = 0;
                while (used < chunk)
                {
                    int consumed;
                    DecodeStatus status = decoder.Push(stream, position + used, chunk - used, out consumed);
                    Assert.IsTrue(consumed >= 0 && consumed <= chunk - used, where + ": consumed " + consumed);
                    Assert.IsTrue(consumed > 0 || chunk - used == 0, where + ": no progress");
                    used += consumed;
                    Assert.IsTrue(IsDefined(status), where + ": status " + (int)status);
                    if (status == DecodeStatus.Frame)
                    {
                        AssertBounds(decoder, where);
                        last = MessageDecoder.Decode(decoder);
                        framesAfterLast++;
                    }
                    else if (status != DecodeStatus.NeedMoreData)
                    {
                        errors++;
                    }
                }

                position += chunk;
            }

            Assert.AreEqual(consumedBefore + length, decoder.BytesConsumed, where);
            EnumAssert.AreEqual(DecodeStatus.NeedMoreData, decoder.Finish(), where + ": the sentinel's delimiter ends the stream");
            Assert.IsTrue(last != null, where + ": the sentinel frame was not decoded");
            EnumAssert.AreEqual(MessageType.Error, last.Type, where);
            Assert.AreEqual(sentinelSequence, last.Sequence, where);
            Assert.AreEqual("fuzz sentinel", ((ErrorRecord)last).Detail, where);
            return errors;
        }

        private static void AssertBounds(FrameDecoder decoder, string where)
        {
            Assert.IsTrue(decoder.PayloadLength >= 0 && decoder.PayloadLength <= HostLinkProtocol.MaximumPayloadLength, where + ": payload " + decoder.PayloadLength);
            Assert.AreEqual(HostLinkProtocol.MaximumEncodedLength, decoder.Payload.Length, where + ": frame buffer resized");
            Assert.IsTrue(decoder.PayloadOffset + decoder.PayloadLength <= decoder.Payload.Length, where);
        }

        private static bool IsDefined(DecodeStatus status)
        {
            switch (status)
            {
                case DecodeStatus.NeedMoreData:
                case DecodeStatus.Frame:
                case DecodeStatus.BadCrc:
                case DecodeStatus.Oversize:
                case DecodeStatus.Truncated:
                case DecodeStatus.UnknownVersion:
                case DecodeStatus.Malformed:
                    return true;
                default:
                    return false;
            }
        }
    }
}
