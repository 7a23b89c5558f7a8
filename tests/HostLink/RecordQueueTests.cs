using System.Collections;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Reader;
using DualReader.Sim.Timing;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.HostLink
{
    [TestClass]
    public class RecordQueueTests
    {
        private const long Timeout = 200000;

        private static ArrayList Received(CapturingSerialPort port)
        {
            return ReceivedSince(port, 0);
        }

        private static ArrayList ReceivedSince(CapturingSerialPort port, int offset)
        {
            return HostLinkTestData.DecodeAll(HostLinkTestData.Slice(port.Buffer, offset, port.Length - offset), 256);
        }

        [TestMethod]
        public void RecordsGetContiguousSequenceNumbersAndAreSentOnce()
        {
            VirtualClock clock = new VirtualClock();
            CapturingSerialPort port = new CapturingSerialPort();
            RecordQueue queue = new RecordQueue(clock, port, 8, RecordQueue.FullSlotLength, Timeout);

            for (int index = 0; index < 3; index++)
            {
                EnumAssert.AreEqual(EncodeStatus.Ok, queue.Enqueue(HostLinkSamples.Error("r" + index)));
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
        public void AFullStoreDropsTheOldestRecordsBeforeTheRingIsFullAndKeepsEachRecordWhole()
        {
            VirtualClock clock = new VirtualClock();
            CapturingSerialPort port = new CapturingSerialPort();

            // Room for 8 records in the ring, but the store holds only about three of these (each some 60 bytes).
            RecordQueue queue = new RecordQueue(clock, port, 8, 128, 200, Timeout);
            Assert.AreEqual(200, queue.StorageLength);
            int sent = 0;
            for (int index = 0; index < 12; index++)
            {
                EnumAssert.AreEqual(EncodeStatus.Ok, queue.Enqueue(HostLinkSamples.Error("record number " + index + " of twelve, padded out")));
                Assert.IsTrue(queue.Count <= 3, "count " + queue.Count);
                sent += queue.Service();
            }

            // Every frame on the wire decodes (a record laid across the end of the store would not), and the numbers
            // of the records dropped for room are covered by the lost record.
            ArrayList received = Received(port);
            Assert.AreEqual(sent, received.Count);
            Assert.IsTrue(queue.TotalDropped >= 9);
            LostRecord lost = null;
            for (int index = 0; index < received.Count; index++)
            {
                HostLinkMessage message = (HostLinkMessage)received[index];
                if (message is LostRecord)
                {
                    lost = (LostRecord)message;
                }
                else
                {
                    Assert.IsTrue(((ErrorRecord)message).Detail.IndexOf("of twelve") > 0);
                }
            }

            Assert.IsNotNull(lost);
            Assert.AreEqual(queue.TotalDropped, lost.Count);

            // Acknowledging everything empties the ring; the store is reused from its start.
            Assert.IsTrue(queue.Acknowledge(queue.NextSequence - 1) > 0);
            queue.Service();
            queue.Acknowledge(queue.NextSequence - 1);
            Assert.AreEqual(0, queue.Count);
            int before = port.Length;
            EnumAssert.AreEqual(EncodeStatus.Ok, queue.Enqueue(HostLinkSamples.Error("after")));
            Assert.AreEqual(1, queue.Service());
            ArrayList after = ReceivedSince(port, before);
            Assert.AreEqual(1, after.Count);
            Assert.AreEqual("after", ((ErrorRecord)after[0]).Detail);
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
        public void HostThatNeverAcknowledgesEndsWithOneLostRecordCoveringEveryDrop()
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

            // Numbering (PROTOCOL.md section 4), capacity 4: records 0..3 fill the ring. The fifth drops 0: lost #4
            // {0..0}, record 5. Drops of 1, 2, 3 (below 4) merge into #4; records 6, 7, 8. The ninth record drops 5,
            // above 4: the lost record takes #9 {0..5, 5 records}, superseding #4 (inside its range); record 10. The
            // tenth drops 6 (below 9): #9 {0..6, 6}, record 11.
            Assert.AreEqual(12u, queue.NextSequence);
            ArrayList received = Received(port);
            Hashtable seen = new Hashtable();
            LostRecord lost = null;
            for (int index = 0; index < received.Count; index++)
            {
                HostLinkMessage message = (HostLinkMessage)received[index];
                seen[message.Sequence] = message;
                if (message is LostRecord)
                {
                    Assert.IsTrue(lost == null || message.Sequence >= lost.Sequence, "lost records only move forward");
                    lost = (LostRecord)message;
                }
            }

            Assert.IsTrue(seen[4u] is LostRecord, "the first lost record went out as #4");
            Assert.AreEqual(9u, lost.Sequence);
            Assert.AreEqual(0u, lost.FirstSequence);
            Assert.AreEqual(6u, lost.LastSequence);
            Assert.AreEqual(6u, lost.Count);

            // Every number 0..11 was received or lies inside the latest lost record's range, and the records in the
            // ring (7, 8, 10, 11) are the ones that range does not cover.
            for (uint sequence = 0; sequence < 12; sequence++)
            {
                bool covered = sequence >= lost.FirstSequence && sequence <= lost.LastSequence;
                Assert.IsTrue(seen.Contains(sequence) || covered, "sequence " + sequence);
            }

            uint oldest;
            Assert.IsTrue(queue.TryGetOldestSequence(out oldest));
            Assert.AreEqual(7u, oldest);
        }

        [TestMethod]
        public void AnAckForAnOlderLostRecordCannotHideNewerDrops()
        {
            // The failure the fuzzer found with the old numbering: the host holds lost #4 {0..0} and records up to 8,
            // acks 8, but before the ack arrives the reader drops 5 (a record above #4) and the update of #4 is lost on
            // the line. The ack of 8 then must not free the report of 5.
            VirtualClock clock = new VirtualClock();
            CapturingSerialPort port = new CapturingSerialPort();
            RecordQueue queue = new RecordQueue(clock, port, 4, RecordQueue.FullSlotLength, Timeout);
            for (int index = 0; index < 5; index++)
            {
                queue.Enqueue(HostLinkSamples.Error("r" + index));
            }

            // Ring: 1, 2, 3, 5; lost #4 {0..0}.
            queue.Service();
            Assert.AreEqual(5, Received(port).Count);

            // Three more records drop 1, 2, 3 (merged into #4); one more drops 5: the lost record becomes #9.
            for (int index = 5; index < 9; index++)
            {
                queue.Enqueue(HostLinkSamples.Error("r" + index));
            }

            queue.Service(); // the update goes out and is lost on the line

            // The host acknowledges what it holds from the first burst: 0..5 (0 covered by #4).
            Assert.AreEqual(0, queue.Acknowledge(5));
            Assert.IsTrue(queue.HasPendingLost, "the report of the newer drops is still pending");
            clock.Advance(Timeout);
            int mark = port.Length;
            queue.Service();
            LostRecord lost = null;
            ArrayList again = ReceivedSince(port, mark);
            for (int index = 0; index < again.Count; index++)
            {
                if (again[index] is LostRecord)
                {
                    lost = (LostRecord)again[index];
                }
            }

            Assert.IsNotNull(lost);
            Assert.AreEqual(9u, lost.Sequence);
            Assert.AreEqual(0u, lost.FirstSequence);
            Assert.AreEqual(5u, lost.LastSequence);
            Assert.AreEqual(5u, lost.Count);
        }

        [TestMethod]
        public void LostRecordResendLeavesTheResendBudgetToTheRing()
        {
            // Capacity 2, a host that heard nothing: records 0 and 1, then 2 drops 0 (lost #2 {0..0}, record 3).
            // The host needs the lost record and then record 1 before it can acknowledge past 0; if resending the
            // lost record used the one resend per service, record 1 would never go out again (a livelock the record
            // queue fuzzer found).
            VirtualClock clock = new VirtualClock();
            CapturingSerialPort port = new CapturingSerialPort();
            RecordQueue queue = new RecordQueue(clock, port, 2, RecordQueue.FullSlotLength, Timeout);
            queue.Enqueue(HostLinkSamples.Error("0"));
            queue.Enqueue(HostLinkSamples.Error("1"));
            queue.Service();
            queue.Enqueue(HostLinkSamples.Error("2"));
            queue.Service();
            Assert.AreEqual(1, queue.MaximumResendsPerService);

            for (int round = 0; round < 2; round++)
            {
                clock.Advance(Timeout);
                int mark = port.Length;
                Assert.AreEqual(2, queue.Service(), "round " + round);
                ArrayList sent = ReceivedSince(port, mark);
                Assert.IsTrue(sent[0] is LostRecord);
                Assert.AreEqual(2u, ((HostLinkMessage)sent[0]).Sequence);
                Assert.AreEqual(1u, ((HostLinkMessage)sent[1]).Sequence);
            }

            // With both, the host holds 0 (lost), 1 and 2 (lost record): its ack frees them.
            Assert.AreEqual(2, queue.Acknowledge(2));
            Assert.IsFalse(queue.HasPendingLost);
            Assert.AreEqual(1, queue.Count);
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

            EnumAssert.AreEqual(EncodeStatus.PanNotMasked, queue.Enqueue(leaking));
            Assert.AreEqual(1u, queue.NextSequence);
            Assert.AreEqual(0u, queue.TotalDropped);
            Assert.AreEqual(1, queue.Count);
        }
    }
}
