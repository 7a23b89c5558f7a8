using System;
using System.Collections;
using DualReader.Sim.Board;
using DualReader.Sim.Timing;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Sim
{
    [TestClass]
    public class SimulatedUartTests
    {
        private sealed class CountingSink : IUartSink
        {
            public long Count { get; private set; }

            public int Last { get; private set; }

            public void Write(byte[] buffer, int offset, int count)
            {
                Count += count;
                Last = buffer[offset + count - 1];
            }
        }

        private static SimulatedUart NewUart(VirtualClock clock)
        {
            return new SimulatedUart(clock, new CostModel(), new CostLedger());
        }

        [TestMethod]
        public void HoldsTheNewestBytesAndStreamsEveryByteToTheSink()
        {
            VirtualClock clock = new VirtualClock();
            SimulatedUart uart = NewUart(clock);
            uart.HeldCapacity = 100;
            CountingSink sink = new CountingSink();
            uart.Sink = sink;
            byte[] block = new byte[30];
            for (int write = 0; write < 10; write++)
            {
                for (int index = 0; index < block.Length; index++)
                {
                    block[index] = (byte)(write * block.Length + index);
                }

                uart.Write(block, 0, block.Length);
            }

            Assert.AreEqual(300, uart.TransmittedCount);
            Assert.AreEqual(200, uart.FirstHeldIndex);
            Assert.AreEqual((byte)200, uart.TransmittedByte(200));
            Assert.AreEqual((byte)43, uart.TransmittedByte(299));
            Assert.AreEqual(300L, sink.Count);
            Assert.AreEqual(43, sink.Last);

            // Bytes 0..199 are gone: asking for them is a caller error, and so is a whole capture.
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => uart.TransmittedByte(199));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => uart.TransmittedTime(300));
            Assert.ThrowsException(typeof(InvalidOperationException), () => uart.Transmitted());
        }

        [TestMethod]
        public void ByteTimesFollowTheBaudRateAcrossTheRing()
        {
            VirtualClock clock = new VirtualClock();
            CostModel costs = new CostModel();
            SimulatedUart uart = new SimulatedUart(clock, costs, new CostLedger());
            uart.HeldCapacity = 16;
            uart.Write(new byte[40], 0, 40);
            Assert.AreEqual(costs.UartMicroseconds(40), uart.TransmittedTime(39));
            Assert.AreEqual(costs.UartMicroseconds(24 + 1), uart.TransmittedTime(24));
        }

        [TestMethod]
        public void HostBytesBeyondTheReceiveCapacityAreCountedAsOverruns()
        {
            VirtualClock clock = new VirtualClock();
            SimulatedUart uart = NewUart(clock);
            uart.ReceiveCapacity = 8;
            uart.Inject(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0, 10, 0);
            Assert.AreEqual(2, uart.ReceiveOverruns);
            clock.Advance(1000000);
            byte[] read = new byte[16];
            Assert.AreEqual(8, uart.Read(read, 0, read.Length));
            Assert.AreEqual((byte)8, read[7]);

            // Once read, the room is there again.
            uart.Inject(new byte[] { 11, 12 }, 0, 2, clock.GetMicroseconds());
            clock.Advance(1000000);
            Assert.AreEqual(2, uart.Read(read, 0, read.Length));
            Assert.AreEqual((byte)12, read[1]);
            Assert.AreEqual(2, uart.ReceiveOverruns);
        }

        [TestMethod]
        public void SequenceWatchFindsSequencesAcrossWritesAndChunks()
        {
            ArrayList sequences = new ArrayList();
            sequences.Add(new byte[] { 0x54, 0x13, 0x33, 0x00, 0x89, 0x01, 0x00, 0x12 });
            sequences.Add(new byte[] { 0xAB });
            UartSequenceWatch watch = new UartSequenceWatch(sequences);
            byte[] filler = new byte[4093];
            watch.Write(filler, 0, filler.Length);

            // The first sequence straddles the watch's 4096-byte chunk and two writes; 0xAB comes at the very end.
            watch.Write(new byte[] { 0x54, 0x13, 0x33, 0x00, 0x89 }, 0, 5);
            watch.Write(new byte[] { 0x01, 0x00, 0x12 }, 0, 3);
            Assert.AreEqual(1, watch.Finish());
            watch.Write(new byte[] { 0xAB }, 0, 1);
            Assert.AreEqual(2, watch.Finish());
            Assert.AreEqual(2, watch.Finish(), "a second Finish counts nothing twice");
            Assert.AreEqual(4102L, watch.BytesWatched);

            UartSequenceWatch early = new UartSequenceWatch(sequences);
            early.Write(new byte[] { 0xAB, 0x00 }, 0, 2);
            Assert.AreEqual(1, early.Finish(), "a sequence in the first bytes written");
        }
    }
}
