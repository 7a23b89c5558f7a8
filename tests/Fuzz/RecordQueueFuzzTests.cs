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
    /// "Nothing lost silently" on the host link: the reader's <see cref="RecordQueue"/> against a host that comes and
    /// goes (away for up to an hour of reader time), a noisy UART (bytes dropped or flipped both ways), acks that are
    /// lost, stale or from the future, and bursts of records larger than the ring. The host decodes what arrives,
    /// acknowledges cumulatively what it holds without a gap, and at the end comes back on a clean line until the
    /// queue is empty. Property: every sequence number the reader used is either a record the host holds or inside
    /// the range of a "lost" record the host holds; the queue never exceeds its capacity; no exception.
    /// </summary>
    [TestClass]
    public class RecordQueueFuzzTests
    {
        private const uint TargetQueue = 70;

        [TestMethod]
        public void FuzzRecordQueueAgainstAHostWithLostAcks()
        {
            // The host reads every byte the reader sends; its acks are lost, damaged, stale or from the future.
            Run(FuzzSettings.Cases(1500), true);
        }

        [TestMethod]
        public void FuzzRecordQueueAgainstAHostThatComesAndGoes()
        {
            // The host is away at times and the line is noisy both ways: lost-record updates are lost too.
            Run(FuzzSettings.Cases(1500), false);
        }

        private static void Run(int cases, bool hostSeesEverything)
        {
            long records = 0;
            long dropped = 0;
            long lostReports = 0;
            long duplicates = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetQueue, index));
                string where = FuzzSettings.Describe(random, index);
                VirtualClock clock = new VirtualClock();
                CapturingSerialPort port = new CapturingSerialPort();
                port.ReadChunk = 64;
                int capacity = random.Between(1, 16);
                RecordQueue queue = new RecordQueue(clock, port, capacity, RecordQueue.FullSlotLength, random.Between(1000, 500000));
                HostCommandReceiver receiver = new HostCommandReceiver(port, queue);
                Host host = new Host();
                int steps = random.Between(10, 200);
                bool present = true;
                int noise = random.Chance(50) ? 0 : random.Between(1, 20);
                int readNoise = hostSeesEverything ? 0 : noise;
                for (int step = 0; step < steps; step++)
                {
                    int action = random.Next(10);
                    if (action < 4)
                    {
                        int burst = random.Chance(80) ? 1 : random.Between(2, 40);
                        for (int b = 0; b < burst; b++)
                        {
                            EnumAssert.AreEqual(EncodeStatus.Ok, queue.Enqueue(HostLinkSamples.Error("r")), where);
                            records++;
                        }
                    }
                    else if (action < 6)
                    {
                        queue.Service();
                    }
                    else if (action == 6)
                    {
                        // Reader time passes: up to an hour while the host is away.
                        clock.Advance(random.Chance(90) ? random.Next(100000) : random.Next(3600) * 1000000L);
                    }
                    else if (action == 7 && !hostSeesEverything)
                    {
                        present = random.Chance(60);
                    }
                    else if (action == 8 && present)
                    {
                        // The host sends its cumulative ack (sometimes a stale or a future one), through the noisy line.
                        AcknowledgeMessage ack = new AcknowledgeMessage();
                        // (Random values only where the host sees everything: an ack of records a host does not hold frees them by
                        // definition, which would hide what this test measures on the lossy line.)
                        ack.AcknowledgedSequence = random.Chance(85) ? host.Contiguous : (random.Chance(50) && hostSeesEverything ? random.NextUInt() : host.Contiguous - (uint)random.Next(5));
                        if (random.Chance(85) || ack.AcknowledgedSequence != host.Contiguous)
                        {
                            port.Feed(Noisy(random, HostLinkTestData.Encode(ack, random.NextUInt()), noise));
                        }
                    }

                    while (receiver.Poll() != null)
                    {
                    }

                    Assert.IsTrue(queue.Count <= capacity, where + ": " + queue.Count + " records in a ring of " + capacity);
                    host.Read(port, present ? random : null, readNoise);
                }

                // The host comes back for good on a clean line: everything the reader still holds is resent and acked.
                Drain(clock, queue, receiver, port, host, random, capacity);

                // What the host lacks now, the reader no longer has: it must have been reported lost.
                int missing = host.Unaccounted(queue.NextSequence);
                Assert.AreEqual(0, missing, where + ": sequence numbers neither delivered nor reported lost");
                // Counts: a host that hears everything sees the final count of every lost record. On a noisy line a
                // lost record may be acknowledged before the host saw its last count; that is safe only for drops of
                // records the host had received itself (their acks were lost), which the count may then miss.
                uint reported = host.LatestLostCount();
                if (hostSeesEverything)
                {
                    Assert.AreEqual(queue.TotalDropped, reported, where + ": the latest lost records do not count every drop");
                }
                else
                {
                    Assert.IsTrue(reported <= queue.TotalDropped, where + ": " + reported + " reported lost, " + queue.TotalDropped + " dropped");
                }


                Assert.AreEqual(0, queue.Count, where + ": queue did not drain");
                Assert.IsFalse(queue.HasPendingLost, where + ": lost record never acknowledged");
                dropped += queue.TotalDropped;
                lostReports += host.LostReports;
                duplicates += host.Duplicates;
            }

            OutputHelper.WriteLine("record queue vs " + (hostSeesEverything ? "host with lost acks" : "host that comes and goes on a noisy line") + ": " + cases
                + " cases, " + records + " records, " + dropped + " dropped and reported in " + lostReports + " lost records, " + duplicates
                + " duplicate deliveries (resends) ignored by the host; 0 sequence numbers neither delivered nor reported lost");
        }

        private static void Drain(VirtualClock clock, RecordQueue queue, HostCommandReceiver receiver, CapturingSerialPort port, Host host, FuzzRandom random, int capacity)
        {
            for (int round = 0; round < 4 * (capacity + 4) && (queue.Count > 0 || queue.HasPendingLost); round++)
            {
                clock.Advance(queue.ResendTimeoutMicroseconds);
                queue.Service();
                host.Read(port, random, 0);
                port.Feed(HostLinkTestData.Encode(Ack(host.Contiguous), 0));
                while (receiver.Poll() != null)
                {
                }
            }
        }

        private static AcknowledgeMessage Ack(uint sequence)
        {
            AcknowledgeMessage ack = new AcknowledgeMessage();
            ack.AcknowledgedSequence = sequence;
            return ack;
        }

        /// <summary>Drops or flips bytes with <paramref name="percent"/> % probability each.</summary>
        private static byte[] Noisy(FuzzRandom random, byte[] bytes, int percent)
        {
            if (percent == 0)
            {
                return bytes;
            }

            byte[] output = new byte[bytes.Length];
            int length = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                if (random.Chance(percent))
                {
                    if (random.Chance(50))
                    {
                        continue;
                    }

                    output[length++] = (byte)(bytes[i] ^ (1 << random.Next(8)));
                    continue;
                }

                output[length++] = bytes[i];
            }

            byte[] trimmed = new byte[length];
            Array.Copy(output, trimmed, length);
            return trimmed;
        }

        /// <summary>The host: decodes the reader's stream, remembers what it holds, computes its cumulative ack.</summary>
        private sealed class Host
        {
            private readonly FrameDecoder decoder = new FrameDecoder();
            private readonly Hashtable held = new Hashtable();
            private readonly ArrayList lostRanges = new ArrayList();
            private int position;

            public int LostReports { get; private set; }

            public int Duplicates { get; private set; }

            /// <summary>The highest sequence number up to which the host holds everything (uint.MaxValue: nothing yet;
            /// an ack of it is "from the future" and ignored by the reader).</summary>
            public uint Contiguous
            {
                get
                {
                    // Sequence numbers a received "lost" record accounts for count as held (the reader gave them up).
                    uint next = 0;
                    while (held[next] != null || Covered(next))
                    {
                        next++;
                    }

                    return next - 1;
                }
            }

            /// <summary>Reads what the reader wrote since the last call; null <paramref name="random"/>: host away.</summary>
            public void Read(CapturingSerialPort port, FuzzRandom random, int noise)
            {
                int length = port.Length - position;
                if (length <= 0)
                {
                    return;
                }

                byte[] chunk = new byte[length];
                Array.Copy(port.Buffer, position, chunk, 0, length);
                position = port.Length;
                if (random == null)
                {
                    return; // nobody listening: the bytes are gone
                }

                byte[] bytes = Noisy(random, chunk, noise);
                int offset = 0;
                while (offset < bytes.Length)
                {
                    int consumed;
                    DecodeStatus status = decoder.Push(bytes, offset, bytes.Length - offset, out consumed);
                    offset += consumed;
                    if (status != DecodeStatus.Frame)
                    {
                        continue;
                    }

                    HostLinkMessage message = MessageDecoder.Decode(decoder);
                    if (message == null)
                    {
                        continue;
                    }

                    if (held[message.Sequence] != null)
                    {
                        Duplicates++;
                    }

                    held[message.Sequence] = message.Type == MessageType.Lost ? "lost" : "record";
                    if (message.Type == MessageType.Lost)
                    {
                        LostRecord lost = (LostRecord)message;
                        lostRanges.Add(new uint[] { lost.FirstSequence, lost.LastSequence, lost.Count, lost.Sequence });
                        LostReports++;
                    }
                }
            }

            private bool Covered(uint sequence)
            {
                for (int i = 0; i < lostRanges.Count; i++)
                {
                    uint[] range = (uint[])lostRanges[i];
                    if (sequence >= range[0] && sequence <= range[1])
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// Records reported lost, each drop counted once: the largest count of every lost record that no other
            /// received lost record supersedes (a superseding lost record's range holds the older one's number).
            /// </summary>
            public uint LatestLostCount()
            {
                Hashtable latest = new Hashtable();
                for (int i = 0; i < lostRanges.Count; i++)
                {
                    uint[] range = (uint[])lostRanges[i];
                    uint[] known = (uint[])latest[range[3]];
                    if (known == null || range[2] > known[2])
                    {
                        latest[range[3]] = range;
                    }
                }

                uint total = 0;
                foreach (object key in latest.Keys)
                {
                    uint sequence = (uint)key;
                    bool superseded = false;
                    foreach (object otherKey in latest.Keys)
                    {
                        uint[] range = (uint[])latest[otherKey];
                        superseded |= (uint)otherKey != sequence && sequence >= range[0] && sequence <= range[1];
                    }

                    if (!superseded)
                    {
                        total += ((uint[])latest[key])[2];
                    }
                }

                return total;
            }

            /// <summary>How many sequence numbers below <paramref name="nextSequence"/> the host neither holds nor has
            /// seen reported lost.</summary>
            public int Unaccounted(uint nextSequence)
            {
                int missing = 0;
                for (uint sequence = 0; sequence < nextSequence; sequence++)
                {
                    if (held[sequence] == null && !Covered(sequence))
                    {
                        missing++;
                    }
                }

                return missing;
            }
        }
    }
}
