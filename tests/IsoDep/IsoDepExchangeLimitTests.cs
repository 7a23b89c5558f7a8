using System.Collections;
using DualReader.Firmware;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.IsoDep
{
    /// <summary>
    /// The overall bound on one ISO-DEP exchange (<see cref="IsoDepTransport.ExchangeLimitMicroseconds"/>) against
    /// hostile cards announcing FWI 14 (FWT ≈ 4.95 s) that answer at the very end of every FWT (<see cref="StallingPicc"/>).
    /// Without the limit the worst such card held one exchange for 5·C + 12 frame waits (C = response buffer bytes):
    /// about 7 hours with the EMV reader's 1024-byte buffer. Times are asserted exactly on the virtual clock: the
    /// exchange ends at the limit plus the air time of the reader's last frame (the wait starts after it).
    /// </summary>
    [TestClass]
    public class IsoDepExchangeLimitTests
    {
        // SELECT AID: 12 bytes, sent in one I-block (PCB + 12 bytes + CRC_A = 15 bytes on air).
        private static readonly byte[] Select = SampleCards.Hex("00A4040007A0000000031010");

        private static int Air(int bytesWithCrc)
        {
            return DirectFrameLink.FrameMicroseconds(bytesWithCrc, BitRate.Kbps106);
        }

        private static int FrameDelay
        {
            get { return FrameTiming.CyclesToMicroseconds(DirectFrameLink.FrameDelayCycles); }
        }

        private static int SelectAir
        {
            get { return Air(1 + 12 + 2); }
        }

        // S(WTX) F2 3B, either way, with CRC_A.
        private static int WaitExtensionAir
        {
            get { return Air(4); }
        }

        // R(ACK), R(NAK) or S(DESELECT): PCB and CRC_A.
        private static int OneByteBlockAir
        {
            get { return Air(3); }
        }

        private sealed class Rig
        {
            public Rig(StallingPicc picc, long limit)
            {
                Clock = new VirtualClock();
                Picc = picc;
                Link = new DirectFrameLink(Clock, new CostLedger(), picc);
                Link.Logging = false;
                Transport = new IsoDepTransport(Link, Clock);
                if (limit > 0)
                {
                    Transport.ExchangeLimitMicroseconds = limit;
                }

                EnumAssert.AreEqual(ActivationResult.Ok, Transport.Activate());
                Assert.AreEqual(FrameTiming.MaximumFrameWaitingMicroseconds, Transport.FrameWaitingMicroseconds, "the card announced FWI 14");
            }

            public VirtualClock Clock;
            public StallingPicc Picc;
            public DirectFrameLink Link;
            public IsoDepTransport Transport;
            public int Count;
            public int Frames;

            public ExchangeResult Exchange(int capacity, out long elapsed)
            {
                long start = Clock.Now;
                int before = Link.TransceiveCount;
                ExchangeResult result = Transport.Exchange(Select, 0, Select.Length, new byte[capacity], 0, capacity, out Count);
                elapsed = Clock.Now - start;
                Frames = Link.TransceiveCount - before;
                return result;
            }
        }

        /// <summary>The session ended with the exchange: no S(DESELECT) was sent (no time left), the next exchange
        /// is refused at once.</summary>
        private static void AssertSessionDropped(Rig rig)
        {
            Assert.IsFalse(rig.Transport.IsActive);
            Assert.AreEqual(0, rig.Picc.DeselectFrames, "no S(DESELECT) after the limit");
            long before = rig.Clock.Now;
            long elapsed;
            EnumAssert.AreEqual(ExchangeResult.DeviceLost, rig.Exchange(16, out elapsed));
            Assert.AreEqual(0L, elapsed);
            Assert.AreEqual(before, rig.Clock.Now);
            EnumAssert.AreEqual(ExchangeResult.DeviceLost, rig.Transport.Deselect());
        }

        [TestMethod]
        public void TheDefaultLimitIsFiveSecondsAndConfigurable()
        {
            VirtualClock clock = new VirtualClock();
            IsoDepTransport transport = new IsoDepTransport(new DirectFrameLink(clock, new CostLedger(), new StallingPicc("L", 0)), clock);
            Assert.AreEqual(5000000L, IsoDepTransport.DefaultExchangeLimitMicroseconds);
            Assert.AreEqual(IsoDepTransport.DefaultExchangeLimitMicroseconds, transport.ExchangeLimitMicroseconds);
            // One whole FWTmax wait with its margin and two long frames fits in the default.
            Assert.IsTrue(FrameTiming.MaximumFrameWaitingMicroseconds + FrameTiming.DeltaFrameWaitingMicroseconds + 2 * Air(66) < IsoDepTransport.DefaultExchangeLimitMicroseconds);
            transport.ExchangeLimitMicroseconds = 1;
            Assert.AreEqual(1L, transport.ExchangeLimitMicroseconds);
            transport.ExchangeLimitMicroseconds = long.MaxValue;
            Assert.AreEqual(long.MaxValue, transport.ExchangeLimitMicroseconds);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => transport.ExchangeLimitMicroseconds = 0);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => transport.ExchangeLimitMicroseconds = -5);
            Assert.AreEqual(long.MaxValue, transport.ExchangeLimitMicroseconds, "a refused value leaves the old one");
        }

        [TestMethod]
        public void ACardAskingForWaitExtensionsForeverEndsAtTheLimit()
        {
            // Before: S(WTX) at FWI 14, three times (the 10 s WTX budget), then three silent S(DESELECT): 29.7 s.
            Rig rig = new Rig(new StallingPicc("W", 0), 0);
            long elapsed;
            EnumAssert.AreEqual(ExchangeResult.WaitExtensionLimit, rig.Exchange(258, out elapsed));
            // I-block, FWT, S(WTX) = 4.95 s; then our S(WTX) reply and a wait clipped to the 50 ms left.
            Assert.AreEqual(IsoDepTransport.DefaultExchangeLimitMicroseconds + WaitExtensionAir, elapsed);
            Assert.AreEqual(2, rig.Frames);
            Assert.AreEqual(1, rig.Transport.LastWaitExtensionCount);
            Assert.AreEqual(FrameTiming.MaximumFrameWaitingMicroseconds + FrameTiming.DeltaFrameWaitingMicroseconds, (int)rig.Link.Timeouts[1]);
            int firstWait = SelectAir + FrameDelay + FrameTiming.MaximumFrameWaitingMicroseconds + WaitExtensionAir;
            Assert.AreEqual((int)IsoDepTransport.DefaultExchangeLimitMicroseconds - firstWait, (int)rig.Link.Timeouts[2], "the extended wait is clipped to the time left");
            AssertSessionDropped(rig);
        }

        [TestMethod]
        public void ACardThatNeverAnswersEndsAtTheLimit()
        {
            Rig rig = new Rig(new StallingPicc("S", 0), 0);
            long elapsed;
            EnumAssert.AreEqual(ExchangeResult.NoResponse, rig.Exchange(258, out elapsed));
            // One full FWT + ΔFWT, then R(NAK) and the rest of the limit.
            Assert.AreEqual(IsoDepTransport.DefaultExchangeLimitMicroseconds + OneByteBlockAir, elapsed);
            Assert.AreEqual(2, rig.Frames);
            Assert.AreEqual(1, rig.Transport.LastRetransmissionCount);
            AssertSessionDropped(rig);
        }

        [TestMethod]
        public void ACardAnsweringOnlyDamagedFramesEndsAtTheLimit()
        {
            // The R(NAK) loop of 7.5.4 rule 4, each damaged answer at the end of FWT.
            Rig rig = new Rig(new StallingPicc("X", 0), 0);
            long elapsed;
            EnumAssert.AreEqual(ExchangeResult.NoResponse, rig.Exchange(258, out elapsed));
            Assert.AreEqual(IsoDepTransport.DefaultExchangeLimitMicroseconds + OneByteBlockAir, elapsed);
            AssertSessionDropped(rig);

            // The same with CRC errors from the link instead of unparsable blocks.
            StallingPicc picc = new StallingPicc("L", 0);
            rig = new Rig(picc, 0);
            rig.Link.CorruptNextCardFrames = 1000;
            EnumAssert.AreEqual(ExchangeResult.NoResponse, rig.Exchange(258, out elapsed));
            Assert.AreEqual(IsoDepTransport.DefaultExchangeLimitMicroseconds + OneByteBlockAir, elapsed);
            Assert.AreEqual(2, picc.BlockFrames);
            AssertSessionDropped(rig);
        }

        [TestMethod]
        public void ACardChainingForeverEndsAtTheLimit()
        {
            // Before: one byte per chained block at the end of each FWT, until the 1024-byte buffer overflows: 1025
            // blocks, 5088 s (1 h 25 min).
            Rig rig = new Rig(new StallingPicc("I", 0), 0);
            long elapsed;
            EnumAssert.AreEqual(ExchangeResult.NoResponse, rig.Exchange(1024, out elapsed));
            Assert.AreEqual(IsoDepTransport.DefaultExchangeLimitMicroseconds + OneByteBlockAir, elapsed);
            Assert.AreEqual(0, rig.Count, "nothing of a cut-off response is returned");
            AssertSessionDropped(rig);
        }

        [TestMethod]
        public void TheWorstHostileScheduleEndsAtTheLimit()
        {
            // Each I-block: WTX, WTX (9.9 s, inside the 10 s WTX budget), R(ACK) with the wrong number (a repair that
            // restarts the WTX budget), twice, then WTX, WTX and one chained byte; each chained byte after that:
            // WTX, WTX, silence, silence (two repairs), then the byte.
            Rig rig = new Rig(new StallingPicc("WWAWWAWWI" + "WWSSI", 9), 0);
            long elapsed;
            EnumAssert.AreEqual(ExchangeResult.WaitExtensionLimit, rig.Exchange(EmvReaderBufferLength, out elapsed));
            Assert.AreEqual(IsoDepTransport.DefaultExchangeLimitMicroseconds + WaitExtensionAir, elapsed);
            AssertSessionDropped(rig);
        }

        private const int EmvReaderBufferLength = DualReader.Firmware.Emv.EmvReader.ResponseBufferLength;

        [TestMethod]
        public void WithoutALimitTheWorstScheduleHoldsOneExchangeForHours()
        {
            // What the limit prevents, measured: the schedule above with the limit out of the way. Every counter of
            // 14443-4 recovery restarts with each block, so the exchange lasts 5·C + 12 frame waits of ≈ 4.95 s
            // (9 for the I-block, 5 per further chained byte, 5 for the byte that overflows, 3 S(DESELECT)).
            Rig rig = new Rig(new StallingPicc("WWAWWAWWI" + "WWSSI", 9), long.MaxValue);
            long elapsed;
            EnumAssert.AreEqual(ExchangeResult.ResponseTooLong, rig.Exchange(EmvReaderBufferLength, out elapsed));
            Assert.AreEqual(5 * EmvReaderBufferLength + 12, rig.Frames);
            Assert.AreEqual(5 * EmvReaderBufferLength + 9, rig.Picc.BlockFrames);
            Assert.AreEqual(3, rig.Picc.DeselectFrames);
            long blockWaits = 5L * EmvReaderBufferLength + 9;
            Assert.IsTrue(elapsed > blockWaits * FrameTiming.MaximumFrameWaitingMicroseconds, "at least one FWTmax per block frame");
            Assert.IsTrue(elapsed < blockWaits * (FrameTiming.MaximumFrameWaitingMicroseconds + FrameTiming.DeltaFrameWaitingMicroseconds + 2 * Air(16)) + 3 * (OneByteBlockAir + FrameTiming.DeactivationWaitingMicroseconds));
            // The S(DESELECT) after it waits FWT_DEACTIVATION, not FWTmax.
            for (int index = rig.Link.Timeouts.Count - 3; index < rig.Link.Timeouts.Count; index++)
            {
                Assert.AreEqual(FrameTiming.DeactivationWaitingMicroseconds, (int)rig.Link.Timeouts[index]);
            }

            OutputHelper.WriteLine("worst hostile FWI 14 card without an exchange limit: " + rig.Frames + " frames, " + elapsed + " us ("
                + (elapsed / 3600000000L) + " h " + (elapsed % 3600000000L / 60000000L) + " min)");
        }

        [TestMethod]
        public void ACardAnsweringInItsFullFrameWaitingTimeSucceeds()
        {
            // FWI 14 is legal: an answer at the end of FWTmax, without any extension, fits in the default limit.
            Rig rig = new Rig(new StallingPicc("L", 0), 0);
            long elapsed;
            EnumAssert.AreEqual(ExchangeResult.Ok, rig.Exchange(16, out elapsed));
            Assert.AreEqual(2, rig.Count);
            Assert.AreEqual(SelectAir + FrameDelay + FrameTiming.MaximumFrameWaitingMicroseconds + Air(5), (int)elapsed);
            Assert.IsTrue(rig.Transport.IsActive);
        }

        [TestMethod]
        public void AnAnswerStartingAtTheLimitSucceedsOneMicrosecondLaterFails()
        {
            // S(WTX) after 1 s, then the answer. The extended wait is clipped to the time left, so the last moment
            // the answer may start is the limit (counted from the end of our S(WTX) reply, as every wait is).
            int limit = 3000000;
            int firstProcessing = 1000000;
            int secondStart = SelectAir + FrameDelay + firstProcessing + WaitExtensionAir;
            int latest = limit - secondStart - FrameDelay;

            StallingPicc picc = new StallingPicc("WL", 1);
            picc.ProcessingMicroseconds = firstProcessing;
            picc.FinalProcessingMicroseconds = latest;
            Rig rig = new Rig(picc, limit);
            long elapsed;
            EnumAssert.AreEqual(ExchangeResult.Ok, rig.Exchange(16, out elapsed));
            Assert.AreEqual(2, rig.Count);
            Assert.AreEqual(limit + WaitExtensionAir + Air(5), (int)elapsed);
            Assert.AreEqual(limit - secondStart, (int)rig.Link.Timeouts[2]);
            Assert.IsTrue(rig.Transport.IsActive);

            picc = new StallingPicc("WL", 1);
            picc.ProcessingMicroseconds = firstProcessing;
            picc.FinalProcessingMicroseconds = latest + 1;
            rig = new Rig(picc, limit);
            EnumAssert.AreEqual(ExchangeResult.WaitExtensionLimit, rig.Exchange(16, out elapsed));
            Assert.AreEqual(limit + WaitExtensionAir, (int)elapsed);
            AssertSessionDropped(rig);
        }

        [TestMethod]
        public void TheLimitIsConfigurable()
        {
            // 20 s: four chained bytes at the end of each FWT, then the R(ACK) wait is cut.
            Rig rig = new Rig(new StallingPicc("I", 0), 20000000);
            long elapsed;
            EnumAssert.AreEqual(ExchangeResult.NoResponse, rig.Exchange(1024, out elapsed));
            Assert.AreEqual(20000000L + OneByteBlockAir, elapsed);
            Assert.AreEqual(5, rig.Frames);
            AssertSessionDropped(rig);

            // 1 s: the first frame waiting time itself is clipped.
            rig = new Rig(new StallingPicc("S", 0), 1000000);
            EnumAssert.AreEqual(ExchangeResult.NoResponse, rig.Exchange(16, out elapsed));
            Assert.AreEqual(1000000L + SelectAir, elapsed);
            Assert.AreEqual(1000000, (int)rig.Link.Timeouts[1]);
            Assert.AreEqual(1, rig.Frames);
            AssertSessionDropped(rig);

            // 20 s against endless S(WTX): the 10 s WTX budget trips first (third S(WTX)), the S(DESELECT) then waits
            // FWT_DEACTIVATION, each clipped to the time left.
            rig = new Rig(new StallingPicc("W", 0), 20000000);
            EnumAssert.AreEqual(ExchangeResult.WaitExtensionLimit, rig.Exchange(16, out elapsed));
            Assert.AreEqual(3, rig.Transport.LastWaitExtensionCount);
            Assert.AreEqual(3, rig.Picc.DeselectFrames);
            Assert.IsTrue(elapsed < 20000000L);
            Assert.IsFalse(rig.Transport.IsActive);
        }

        [TestMethod]
        public void TheDeselectAfterAFailureSharesTheLimit()
        {
            // The card breaks the protocol (R(NAK) from a PICC, 7.5.4.2) 3 ms before the limit: the S(DESELECT) that
            // follows gets those 3 ms, not 3 × FWT_DEACTIVATION. (Limit 1 s: inside the first FWT of 4.95 s.)
            int limit = 1000000;
            int nakArrives = limit - 3000;
            StallingPicc picc = new StallingPicc("N", 0);
            picc.ProcessingMicroseconds = nakArrives - SelectAir - FrameDelay - OneByteBlockAir;
            Rig rig = new Rig(picc, limit);
            long elapsed;
            EnumAssert.AreEqual(ExchangeResult.ProtocolError, rig.Exchange(16, out elapsed));
            Assert.AreEqual(1, picc.DeselectFrames);
            Assert.AreEqual(3000, (int)rig.Link.Timeouts[rig.Link.Timeouts.Count - 1]);
            Assert.AreEqual(limit + OneByteBlockAir, (int)elapsed);
            Assert.IsFalse(rig.Transport.IsActive);

            // Early in the exchange the S(DESELECT) has its own bound: FWT_DEACTIVATION (≈ 5.3 ms), three attempts.
            picc = new StallingPicc("N", 0);
            picc.ProcessingMicroseconds = 1000;
            rig = new Rig(picc, 0);
            EnumAssert.AreEqual(ExchangeResult.ProtocolError, rig.Exchange(16, out elapsed));
            Assert.AreEqual(3, picc.DeselectFrames);
            Assert.AreEqual(SelectAir + FrameDelay + 1000 + OneByteBlockAir + 3 * (OneByteBlockAir + FrameTiming.DeactivationWaitingMicroseconds), (int)elapsed);
        }

        [TestMethod]
        public void TheReaderReportsTheHostileCardAndReturnsToPolling()
        {
            // On the simulated board (MFRC522 model): a card announcing FWI 14 that asks for S(WTX) forever, then a
            // good card. The first gives a transaction record "wait_extension_limit" within the limit, the field is
            // switched off, and the reader waits for it to leave and reads the second one.
            Scenario scenario = ReaderBench.Scenario(11000);
            ScenarioDevice hostile = SampleCards.NfcDevice("0BADCAFE", "0400", 0x20, StallingPicc.Fwi14Ats);
            scenario.AddDevice(ReaderBench.At(hostile, 100, 7000));
            scenario.AddDevice(ReaderBench.At(SampleCards.UnionPayDualApplication(), 8000, 10000));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            ((VirtualPicc)board.Piccs[0]).Protocol = new StallingPicc("W", 0);
            board.Run();
            ReaderBench.Drain(board);
            ReaderBench.Dump(board);

            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(2, transactions.Count);
            TransactionRecord first = (TransactionRecord)transactions[0];
            TransactionRecord second = (TransactionRecord)transactions[1];
            Assert.AreEqual("0BADCAFE", ReaderBench.Hex(first.Uid));
            Assert.AreEqual("wait_extension_limit", first.Outcome);
            // Activation and RATS take a few ms; SELECT PPSE is the only APDU and ends at the limit.
            Assert.IsTrue(first.DurationMicroseconds > IsoDepTransport.DefaultExchangeLimitMicroseconds);
            Assert.IsTrue(first.DurationMicroseconds < IsoDepTransport.DefaultExchangeLimitMicroseconds + 20000, "duration " + first.DurationMicroseconds);
            Assert.AreEqual("ok", second.Outcome);
            Assert.AreEqual("5A3C9E21", ReaderBench.Hex(second.Uid));
            Assert.AreEqual(first.Sequence + 1, second.Sequence);
        }
    }
}
