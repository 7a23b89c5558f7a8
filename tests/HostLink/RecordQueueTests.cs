using System.Collections;
using DualReader.Firmware.HostLink;
using DualReader.Sim.Timing;
using nanoFramework.TestFramework;

namespace DualReader.Tests.HostLink
{
    [TestClass]
    public class RecordQueueTests
    {
        private const long Timeout = 200000;

        private static ArrayList Received(CapturingSerialPort port)
        {
            return HostLinkTestData.DecodeAll(HostLinkTestData.Slice(port.Buffer, 0, port.Length), 256);
        }

        [TestMethod]
        public void RecordsGetContiguousSequenceNumbersAndAreSentOnce()
        {
            VirtualClock clock = new VirtualClock();
            CapturingSerialPort port = new CapturingSerialPort();
            RecordQueue queue = new RecordQueue(clock, port, 8, RecordQueue.FullSlotLength, Timeout);

            for (int index = 0; index < 3; index++)
            {
                Assert.AreEqual((byte)EncodeStatus.Ok, (byte)queue.Enqueue(HostLinkSamples.Error("r" + index)));
            }

            Assert.AreEqual(3, queue.Service());
            Assert.AreEqual(0, queue.Service());
            ArrayList received = Received(port);
            Assert.AreEqual(3, received.Count);
            for (int index = 0; index < 3; index++)
            {
                Assert.AreEqual((uint)index, ((HostLinkMessage)received[index]).Sequence);
            }

            Assert.AreEqual(3u, queue.NextSequence);
        }

        [TestMethod]
        public void UnacknowledgedRecordsAreResentAfterTheTimeout()
        {
            VirtualClock clock = new VirtualClock();
            CapturingSerialPort port = new CapturingSerialPort();
            RecordQueue queue = new RecordQueue(clock, port, 8, RecordQueue.FullSlotLength, Timeout);
            queue.Enqueue(HostLinkSamples.Error("a"));
            queue.Enqueue(HostLinkSamples.Error("b"));
            queue.Service();

            clock.Advance(Timeout - 1);
            Assert.AreEqual(0, queue.Service());
            Assert.AreEqual(1, queue.Acknowledge(0));
            clock.Advance(1);
            port.Clear();

            Assert.AreEqual(1, queue.Service());
            ArrayList received = Received(port);
            Assert.AreEqual(1, received.Count);
            Assert.AreEqual(1u, ((ErrorRecord)received[0]).Sequence);
            Assert.AreEqual("b", ((ErrorRecord)received[0]).Detail);

            Assert.AreEqual(1, queue.Acknowledge(1));
            clock.Advance(Timeout);
            Assert.AreEqual(0, queue.Service());
            Assert.AreEqual(0, queue.Count);
        }

        [TestMethod]
        public void OnlyTheOldestTimedOutRecordIsResentPerService()
        {
            VirtualClock clock = new VirtualClock();
            CapturingSerialPort port = new CapturingSerialPort();
            RecordQueue queue = new RecordQueue(clock, port, 8, RecordQueue.FullSlotLength, Timeout);
            queue.Enqueue(HostLinkSamples.Error("a"));
            queue.Enqueue(HostLinkSamples.Error("b"));
            queue.Enqueue(HostLinkSamples.Error("c"));
            queue.Service();
            clock.Advance(Timeout);
            port.Clear();

            Assert.AreEqual(1, queue.Service());
            Assert.AreEqual(0u, ((HostLinkMessage)Received(port)[0]).Sequence);

            // The host got 1 and 2 and acknowledges everything after the resend of 0: nothing more to send.
            queue.Acknowledge(2);
            clock.Advance(Timeout);
            Assert.AreEqual(0, queue.Service());

            queue.MaximumResendsPerService = 8;
            queue.Enqueue(HostLinkSamples.Error("d"));
            queue.Enqueue(HostLinkSamples.Error("e"));
            queue.Service();
            clock.Advance(Timeout);
            Assert.AreEqual(2, queue.Service());
        }

        [TestMethod]
        public void AcknowledgementsOfUnsentSequencesAreIgnored()
        {
            VirtualClock clock = new VirtualClock();
            RecordQueue queue = new RecordQueue(clock, new CapturingSerialPort(), 4, RecordQueue.FullSlotLength, Timeout);
            queue.Enqueue(HostLinkSamples.Error("a"));

            Assert.AreEqual(0, queue.Acknowledge(5));
            Assert.AreEqual(1, queue.Count);
        }

        [TestMethod]
        public void HostThatNeverAcknowledgesGetsExactlyOneLostRecord()
        {
            VirtualClock clock = new VirtualClock();
            CapturingSerialPort port = new CapturingSerialPort();
            RecordQueue queue = new RecordQueue(clock, port, 4, RecordQueue.FullSlotLength, Timeout);

            for (int index = 0; index < 10; index++)
            {
                queue.Enqueue(HostLinkSamples.Error("r" + index));
                queue.Service();
                clock.Advance(Timeout / 3);
            }

            Assert.AreEqual(4, queue.Count);
            Assert.AreEqual(6u, queue.TotalDropped);

            // Everything the reader sent, resends included: one lost record (sent again with its final count).
            ArrayList received = Received(port);
            Hashtable seen = new Hashtable();
            LostRecord lost = null;
            int lostSequences = 0;
            for (int index = 0; index < received.Count; index++)
            {
                HostLinkMessage message = (HostLinkMessage)received[index];
                seen[message.Sequence] = message;
                if (message is LostRecord)
                {
                    if (lost == null || lost.Sequence != message.Sequence)
                    {
                        lostSequences++;
                    }

                    lost = (LostRecord)message;
                }
            }

            Assert.AreEqual(1, lostSequences);
            Assert.AreEqual(6u, lost.Count);
            Assert.AreEqual(0u, lost.FirstSequence);
            // The lost record took sequence 4 (the first drop happened when the fifth record came).
            Assert.AreEqual(4u, lost.Sequence);
            Assert.AreEqual(6u, lost.LastSequence);

            // Contiguous: every sequence 0..10 was either received or is covered by the lost range, none is both
            // missing and uncovered, and the queue holds 7..10.
            Assert.AreEqual(11u, queue.NextSequence);
            for (uint sequence = 0; sequence < 11; sequence++)
            {
                bool covered = sequence >= lost.FirstSequence && sequence <= lost.LastSequence && sequence != lost.Sequence;
                Assert.IsTrue(seen.Contains(sequence) || covered, "sequence " + sequence);
            }

            uint oldest;
            Assert.IsTrue(queue.TryGetOldestSequence(out oldest));
            Assert.AreEqual(4u, oldest);
        }

        [TestMethod]
        public void LostRecordIsSentFirstAndANewOneFollowsItsAcknowledgement()
        {
            VirtualClock clock = new VirtualClock();
            CapturingSerialPort port = new CapturingSerialPort();
            RecordQueue queue = new RecordQueue(clock, port, 2, RecordQueue.FullSlotLength, Timeout);
            queue.Enqueue(HostLinkSamples.Error("0"));
            queue.Enqueue(HostLinkSamples.Error("1"));
            queue.Enqueue(HostLinkSamples.Error("2"));
            queue.Service();

            ArrayList received = Received(port);
            Assert.AreEqual(3, received.Count);
            LostRecord lost = (LostRecord)received[0];
            Assert.AreEqual(2u, lost.Sequence);
            Assert.AreEqual(1u, lost.Count);
            Assert.AreEqual(0u, lost.FirstSequence);
            Assert.AreEqual(1u, ((HostLinkMessage)received[1]).Sequence);
            Assert.AreEqual(3u, ((HostLinkMessage)received[2]).Sequence);

            Assert.AreEqual(3, queue.Acknowledge(3));
            Assert.IsFalse(queue.HasPendingLost);
            queue.Enqueue(HostLinkSamples.Error("4"));
            queue.Enqueue(HostLinkSamples.Error("5"));
            queue.Enqueue(HostLinkSamples.Error("6"));
            Assert.IsTrue(queue.HasPendingLost);
            port.Clear();
            queue.Service();
            LostRecord second = (LostRecord)Received(port)[0];
            Assert.AreEqual(6u, second.Sequence);
            Assert.AreEqual(4u, second.FirstSequence);
            Assert.AreEqual(1u, second.Count);
        }

        [TestMethod]
        public void RefusedRecordUsesNoSequenceAndDropsNothing()
        {
            VirtualClock clock = new VirtualClock();
            RecordQueue queue = new RecordQueue(clock, new CapturingSerialPort(), 1, RecordQueue.FullSlotLength, Timeout);
            queue.Enqueue(HostLinkSamples.Error("kept"));

            TransactionRecord leaking = HostLinkSamples.Transaction();
            leaking.PanMasked = "4642352851503640";

            Assert.AreEqual((byte)EncodeStatus.PanNotMasked, (byte)queue.Enqueue(leaking));
            Assert.AreEqual(1u, queue.NextSequence);
            Assert.AreEqual(0u, queue.TotalDropped);
            Assert.AreEqual(1, queue.Count);
        }
    }
}
